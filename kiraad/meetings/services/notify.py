"""Notifications to the members of a body about its meetings, through the outbox
(kiraad.notifications), written in the caller's transaction; links are absolute (SITE_URL)."""

from django.db import transaction
from django.utils import timezone

from kiraad.meetings.models import Meeting
from kiraad.models import User
from kiraad.notifications import notify


def notify_published(meeting: Meeting) -> int:
    """Queue «agenda published» for the representatives of the body's member agencies (the
    notification outbox, kiraad.notifications), in the caller's transaction."""
    from kiraad.models import Representative

    users = User.objects.filter(
        pk__in=Representative.objects.filter(membership__mandate__body=meeting.body).values(
            "user_id"
        )
    ).order_by("pk")
    return notify(
        kind="agenda_published",
        recipients=users,
        subject_object=meeting,
        context={
            "meeting": str(meeting),
            "when": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M"),
        },
        path=meeting.get_absolute_url(),
    )


@transaction.atomic
def meeting_notify_published(*, meeting_id: int) -> int:
    """A task queued before the outbox existed: queue the notification now."""
    return notify_published(Meeting.objects.select_related("body").get(pk=meeting_id))
