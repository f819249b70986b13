"""A meeting's life: planned → agenda published → held → minutes approved → closed, or
cancelled before it is held. Every move is guarded here, and each refusal is a ServiceError
whose message the meeting page shows as it is."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kiraad.meetings import reasons
from kiraad.meetings.models import ActionItem, Meeting
from kiraad.meetings.services.approval import approval_items_sync
from kiraad.meetings.services.notify import notify_cancelled, notify_changed, notify_published
from kiraad.models import Body, User
from kiraad.services import ServiceError, save_with_reason

S = Meeting.Status
# The only allowed moves; anything else is refused with a message naming both states.
TRANSITIONS: dict[str, set[str]] = {
    S.PLANNED: {S.AGENDA_PUBLISHED, S.CANCELLED},
    S.AGENDA_PUBLISHED: {S.HELD, S.PLANNED, S.CANCELLED},
    S.HELD: {S.MINUTES_APPROVED},
    S.MINUTES_APPROVED: {S.CLOSED},
    S.CLOSED: set(),
    S.CANCELLED: set(),
}


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def check_within_lifetime(*, body: Body, starts_at: datetime.datetime) -> None:
    """A meeting is dated within its body's lifetime."""
    day = timezone.localtime(starts_at).date()
    if body.active_from and day < body.active_from:
        raise ServiceError(
            _("%(body)s was established on %(date)s; a meeting cannot be dated before that.")
            % {"body": body.name, "date": _day(body.active_from)}
        )
    if body.active_to and day > body.active_to:
        raise ServiceError(
            _("%(body)s ended on %(date)s; a meeting cannot be dated after that.")
            % {"body": body.name, "date": _day(body.active_to)}
        )


def check_body_active(body: Body) -> None:
    """No new meetings for a body that has ended."""
    if body.active_to and body.active_to < timezone.localdate():
        raise ServiceError(
            _("%(body)s ended on %(date)s; it cannot have new meetings.")
            % {"body": body.name, "date": _day(body.active_to)}
        )


@transaction.atomic
def meeting_plan(
    *,
    body: Body,
    number: str,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    place: str = "",
    video_link: str = "",
    by: User | None,
) -> Meeting:
    """Plan a meeting within its body's lifetime. Its agenda gets the approval of any minutes
    waiting for it (see approval_items_sync)."""
    check_body_active(body)
    check_within_lifetime(body=body, starts_at=starts_at)
    meeting = Meeting(
        body=body,
        number=number,
        title=title or number,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        status=S.PLANNED,
    )
    save_with_reason(meeting, by=by, reason=reasons.PLANNED())
    approval_items_sync(body_id=body.pk, by=by)
    return meeting


def _refuse(meeting: Meeting, to: str) -> None:
    if to not in TRANSITIONS.get(meeting.status, set()):
        raise ServiceError(
            _("A meeting cannot move from «%(from)s» to «%(to)s».")
            % {"from": S(meeting.status).label, "to": S(to).label if to in S.values else to}
        )
    if to == S.MINUTES_APPROVED:
        raise ServiceError(_("Minutes are approved at the next meeting."))
    if to == S.HELD and meeting.starts_at > timezone.now():
        raise ServiceError(
            _("%(meeting)s starts %(when)s; it cannot be held before it starts.")
            % {
                "meeting": meeting,
                "when": date_format(timezone.localtime(meeting.starts_at), "SHORT_DATETIME_FORMAT"),
            }
        )
    if to == S.CLOSED and ActionItem.objects.filter(
        meeting=meeting, status__in=ActionItem.OPEN_STATUSES
    ):
        raise ServiceError(_("The meeting is closed once all its follow-up actions are settled."))


@transaction.atomic
def meeting_transition(*, meeting: Meeting, to: str, by: User | None, reason: str = "") -> Meeting:
    """Move a meeting to `to` if the transition table and the guards allow it.

    Cancelling needs a reason. Publishing queues a notification to the members'
    representatives (the outbox). Minutes are approved at the next meeting
    (agenda_item_approve_minutes).
    """
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    _refuse(meeting, to)
    # Members know a meeting once its agenda is published; a draft's changes are not news.
    members_know = meeting.status == S.AGENDA_PUBLISHED
    if to == S.CANCELLED:
        if not reason.strip():
            raise ServiceError(_("Give a reason for cancelling the meeting."))
        meeting.cancel_reason = reason.strip()
        meeting.sequence += 1
    meeting.status = to
    save_with_reason(meeting, by=by, reason=reasons.STATUS[S(to)]())
    approval_items_sync(body_id=meeting.body_id, by=by)
    if to == S.AGENDA_PUBLISHED:
        notify_published(meeting)
    if to == S.CANCELLED and members_know:
        notify_cancelled(meeting)
    return meeting


@transaction.atomic
def meeting_change(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None,
    place: str,
    video_link: str = "",
    by: User | None,
) -> Meeting:
    """Move a meeting that is not yet held, or change its place; raises the calendar SEQUENCE
    and, once the agenda is published, e-mails the members the updated .ics. Saving without a
    change changes nothing (no new sequence, no e-mail)."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if not meeting.is_open:
        raise ServiceError(_("Only a meeting that is not yet held can be moved or changed."))
    check_within_lifetime(body=meeting.body, starts_at=starts_at)
    if ends_at is not None and ends_at < starts_at:
        raise ServiceError(_("The meeting cannot end before it starts."))
    if not place.strip() and not video_link.strip():
        raise ServiceError(_("Give a place or a video link."))
    before = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.video_link)
    if before == (starts_at, ends_at, place, video_link):
        return meeting
    meeting.starts_at = starts_at
    meeting.ends_at = ends_at
    meeting.place = place
    meeting.video_link = video_link
    meeting.sequence += 1
    save_with_reason(meeting, by=by, reason=reasons.MEETING_CHANGED())
    approval_items_sync(body_id=meeting.body_id, by=by)
    if meeting.status == S.AGENDA_PUBLISHED:
        notify_changed(meeting)
    return meeting
