"""Notifications to the members of a body about its meetings, through the outbox
(kiraad.notifications), written in the caller's transaction; links are absolute (SITE_URL)."""

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from kiraad.meetings.models import Meeting
from kiraad.models import User
from kiraad.notifications import notify


def _members(meeting: Meeting) -> QuerySet[User]:
    """The representatives (and deputies) of the body's member agencies."""
    from kiraad.models import Representative

    return User.objects.filter(
        pk__in=Representative.objects.filter(membership__mandate__body=meeting.body).values(
            "user_id"
        )
    ).order_by("pk")


def _when(meeting: Meeting) -> str:
    return timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M")


def notify_published(meeting: Meeting) -> int:
    """Queue «agenda published» for the representatives of the body's member agencies (the
    notification outbox, kiraad.notifications), in the caller's transaction."""
    return notify(
        kind="agenda_published",
        recipients=_members(meeting),
        subject_object=meeting,
        context={
            "meeting": str(meeting),
            "when": _when(meeting),
            # Absolute, from the one site-URL setting: e-mails are read outside the portal.
            "agenda_pdf": settings.SITE_URL
            + reverse("kiraad:meeting-agenda-pdf", args=[meeting.pk]),
        },
        path=meeting.get_absolute_url(),
    )


def notify_changed(meeting: Meeting) -> int:
    """Tell the members that a published meeting moved or changed place; the e-mail carries the
    meeting's .ics (its SEQUENCE raised). One e-mail per change: keyed by the sequence."""
    return notify(
        kind="meeting_changed",
        recipients=_members(meeting),
        subject_object=meeting,
        context={
            "meeting": str(meeting),
            "when": _when(meeting),
            "place": meeting.place or meeting.video_link,
        },
        path=meeting.get_absolute_url(),
        key=f"sequence-{meeting.sequence}",
    )


def notify_cancelled(meeting: Meeting) -> int:
    """Tell the members that a published meeting is cancelled, and why; the attached .ics is
    METHOD:CANCEL, which removes the event from their calendars."""
    return notify(
        kind="meeting_cancelled",
        recipients=_members(meeting),
        subject_object=meeting,
        context={"meeting": str(meeting), "when": _when(meeting), "reason": meeting.cancel_reason},
        path=meeting.get_absolute_url(),
        key=f"sequence-{meeting.sequence}",
    )


@transaction.atomic
def meeting_notify_published(*, meeting_id: int) -> int:
    """A task queued before the outbox existed: queue the notification now."""
    return notify_published(Meeting.objects.select_related("body").get(pk=meeting_id))
