"""Writes for council meetings: planning, agenda, publishing, attendance, minutes, follow-up.

The same rules as kiraad/services.py (the core's writes) apply: keyword-only arguments, one
transaction, full_clean and a recorded reason through save_with_reason.
"""

import datetime
import hashlib
import secrets

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad.meetings import reasons
from kiraad.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarToken,
    Meeting,
    MeetingDocument,
    MinutesVersion,
)
from kiraad.models import Agency, Body, User
from kiraad.notifications import notify
from kiraad.services import ServiceError, save_with_reason

S = Meeting.Status
# The only allowed moves; anything else is refused with a message naming both states.
TRANSITIONS: dict[str, set[str]] = {
    S.PLANNED: {S.AGENDA_PUBLISHED, S.CANCELLED},
    S.AGENDA_PUBLISHED: {S.HELD, S.PLANNED, S.CANCELLED},
    S.HELD: {S.MINUTES_APPROVED},
    S.MINUTES_APPROVED: set(),
    S.CANCELLED: set(),
}

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
ALLOWED_DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/plain": ".txt",
}
APPROVAL_TITLE = "Godkjenning av referat fra møte {number}"
FOLLOW_UP_TITLE = "Oppfølgingspunkter fra tidligere møter"


def _previous_held(meeting: Meeting) -> Meeting | None:
    return (
        Meeting.objects.filter(body=meeting.body, starts_at__lt=meeting.starts_at, status=S.HELD)
        .order_by("-starts_at")
        .first()
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
    """Plan a meeting. Its agenda starts with approving the previous held meeting's minutes."""
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
    previous = _previous_held(meeting)
    if previous is not None:
        item = AgendaItem(
            meeting=meeting,
            order=1,
            kind=AgendaItem.Kind.DECISION if body.decides else AgendaItem.Kind.INFORMATION,
            title=APPROVAL_TITLE.format(number=previous.number or previous.title),
            approves_minutes_of=previous,
        )
        save_with_reason(item, by=by, reason=reasons.APPROVAL_ITEM_ADDED())
    return meeting


def _check_kind(*, meeting: Meeting, kind: str) -> None:
    if kind == AgendaItem.Kind.DECISION and not meeting.body.decides:
        raise ServiceError(
            _("%(body)s advises and does not decide: a decision item is not allowed.")
            % {"body": meeting.body.name}
        )


def _require_editable_agenda(meeting: Meeting) -> None:
    if meeting.status not in (S.PLANNED, S.AGENDA_PUBLISHED):
        raise ServiceError(_("The agenda can only be changed before the meeting is held."))


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    kind: str,
    title: str,
    text: str = "",
    presenter_agency: Agency | None = None,
    by: User | None,
) -> AgendaItem:
    """Append an item to the agenda; decision items only for bodies that decide."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    _require_editable_agenda(meeting)
    _check_kind(meeting=meeting, kind=kind)
    last = meeting.agenda_items.aggregate(m=Max("order"))["m"] or 0
    item = AgendaItem(
        meeting=meeting,
        order=last + 1,
        kind=kind,
        title=title,
        text=text,
        presenter_agency=presenter_agency,
    )
    save_with_reason(item, by=by, reason=reasons.AGENDA_ITEM_ADDED())
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, by: User | None) -> None:
    """Swap an item with its neighbour to reorder the agenda."""
    _require_editable_agenda(item.meeting)
    siblings = list(item.meeting.agenda_items.order_by("order", "pk"))
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other_index = index - 1 if up else index + 1
    if not 0 <= other_index < len(siblings):
        return
    siblings[index], siblings[other_index] = siblings[other_index], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.order != position:
            sibling.order = position
            save_with_reason(
                sibling, by=by, reason=reasons.AGENDA_REORDERED(), update_fields=["order"]
            )


@transaction.atomic
def meeting_document_add(
    *,
    meeting: Meeting,
    title: str,
    file: File,
    agenda_item: AgendaItem | None = None,
    by: User | None,
) -> MeetingDocument:
    """Attach a document; refuse large files and types outside the allowed list."""
    content_type = getattr(file, "content_type", "") or ""
    if file.size > MAX_DOCUMENT_BYTES:
        raise ServiceError(_("The file is larger than 20 MB."))
    expected = ALLOWED_DOCUMENT_TYPES.get(content_type)
    name = file.name or ""
    if expected is None or not name.lower().endswith(expected):
        raise ServiceError(_("Only PDF, Word, PowerPoint, Excel and text files are allowed."))
    document = MeetingDocument(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title or name,
        file=file,
        content_type=content_type,
        size=file.size,
    )
    save_with_reason(document, by=by, reason=reasons.DOCUMENT_ATTACHED())
    return document


@transaction.atomic
def meeting_transition(*, meeting: Meeting, to: str, by: User | None) -> Meeting:
    """Move a meeting to `to` if the transition table allows it.

    Publishing e-mails the members' representatives once the transaction commits. Minutes are
    approved at the next meeting (see agenda_item_approve_minutes), not by this call.
    """
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if to not in TRANSITIONS.get(meeting.status, set()):
        raise ServiceError(
            _("A meeting cannot move from «%(from)s» to «%(to)s».")
            % {"from": S(meeting.status).label, "to": S(to).label if to in S.values else to}
        )
    if to == S.MINUTES_APPROVED:
        raise ServiceError(_("Minutes are approved at the next meeting."))
    meeting.status = to
    save_with_reason(meeting, by=by, reason=reasons.STATUS[S(to)]())
    if to == S.AGENDA_PUBLISHED:
        _notify_published(meeting)
    return meeting


def _notify_published(meeting: Meeting) -> int:
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
    return _notify_published(Meeting.objects.select_related("body").get(pk=meeting_id))


@transaction.atomic
def attendance_set(
    *, meeting: Meeting, agency: Agency, status: str, note: str = "", by: User | None
) -> Attendance:
    """Record whether an agency was present, absent or represented by a deputy."""
    attendance = Attendance.objects.filter(meeting=meeting, agency=agency).first() or Attendance(
        meeting=meeting, agency=agency
    )
    attendance.status = status
    attendance.note = note
    save_with_reason(attendance, by=by, reason=reasons.ATTENDANCE_RECORDED())
    return attendance


@transaction.atomic
def agenda_item_record_outcome(
    *,
    item: AgendaItem,
    outcome_kind: str,
    outcome: str,
    raised_to_national_council: bool = False,
    by: User | None,
) -> AgendaItem:
    """Write an item's outcome while the meeting is held; decisions only where the body decides."""
    item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
    if item.meeting.status != S.HELD:
        raise ServiceError(_("Outcomes are written while the meeting is held."))
    if outcome_kind == AgendaItem.OutcomeKind.DECISION and not item.meeting.body.decides:
        raise ServiceError(_("This body advises and does not decide."))
    item.outcome_kind = outcome_kind
    item.outcome = outcome
    item.raised_to_national_council = raised_to_national_council
    save_with_reason(item, by=by, reason=reasons.OUTCOME_RECORDED())
    return item


@transaction.atomic
def meeting_write_minutes(
    *, meeting: Meeting, text: str, by: User | None, reason: str = ""
) -> MinutesVersion:
    """Write the minutes. Before approval they are edited; after, only a correction is allowed."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == S.MINUTES_APPROVED and not reason:
        raise ServiceError(_("The minutes are approved and locked; a correction needs a reason."))
    if meeting.status not in (S.HELD, S.MINUTES_APPROVED):
        raise ServiceError(_("Minutes are written once the meeting is held."))
    last = meeting.minutes_versions.aggregate(m=Max("version"))["m"] or 0
    version = MinutesVersion(
        meeting=meeting,
        version=last + 1,
        text=text,
        reason=reason,
        created_by=by,
    )
    version.full_clean()
    version.save()
    meeting.minutes = text
    save_with_reason(
        meeting,
        by=by,
        reason=reason or reasons.MINUTES_WRITTEN(),
        update_fields=["minutes"],
    )
    return version


def meeting_correct_minutes(
    *, meeting: Meeting, text: str, reason: str, by: User | None
) -> MinutesVersion:
    """A correction of approved minutes: a new version with its reason, kept in history."""
    if not reason.strip():
        raise ServiceError(_("A correction needs a reason."))
    return meeting_write_minutes(meeting=meeting, text=text, by=by, reason=reason)


@transaction.atomic
def agenda_item_approve_minutes(*, item: AgendaItem, by: User | None) -> Meeting:
    """Approve, at this meeting, the minutes the item points to; that locks them."""
    if item.approves_minutes_of_id is None:
        raise ServiceError(_("This item does not approve any minutes."))
    current = Meeting.objects.get(pk=item.meeting_id)
    if current.status not in (S.AGENDA_PUBLISHED, S.HELD):
        raise ServiceError(_("Minutes are approved when the next meeting is held."))
    earlier = Meeting.objects.select_for_update().get(pk=item.approves_minutes_of_id)
    if earlier.status != S.HELD:
        raise ServiceError(_("Those minutes are not waiting for approval."))
    if not earlier.minutes.strip():
        raise ServiceError(_("The minutes have not been written yet."))
    earlier.status = S.MINUTES_APPROVED
    earlier.minutes_approved_at = timezone.now()
    save_with_reason(earlier, by=by, reason=reasons.MINUTES_APPROVED_AT(meeting=current))
    item.outcome_kind = AgendaItem.OutcomeKind.CONCLUSION
    item.outcome = "Referatet ble godkjent."
    save_with_reason(item, by=by, reason=reasons.MINUTES_APPROVED())
    return earlier


@transaction.atomic
def action_item_create(
    *,
    item: AgendaItem,
    title: str,
    owner_agency: Agency,
    due_date: datetime.date | None,
    description: str = "",
    by: User | None,
) -> ActionItem:
    """A follow-up action from an item's outcome."""
    action = ActionItem(
        meeting=item.meeting,
        agenda_item=item,
        title=title,
        description=description,
        owner_agency=owner_agency,
        due_date=due_date,
    )
    save_with_reason(action, by=by, reason=reasons.ACTION_CREATED())
    return action


@transaction.atomic
def action_item_set_status(*, action: ActionItem, status: str, by: User | None) -> ActionItem:
    """The owning agency (or the secretariat) updates a follow-up action's status."""
    action.status = status
    save_with_reason(
        action, by=by, reason=reasons.ACTION_STATUS_UPDATED(), update_fields=["status"]
    )
    return action


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_create(*, user: User) -> str:
    """Create a feed token and return it in clear once; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    row = CalendarToken(user=user, token_hash=_hash(token))
    save_with_reason(row, by=user, reason=reasons.CALENDAR_TOKEN_CREATED())
    return token


@transaction.atomic
def calendar_token_revoke(*, token: CalendarToken, by: User) -> None:
    """Revoke a feed token; its URL answers 404 from now on."""
    token.revoked_at = timezone.now()
    save_with_reason(
        token, by=by, reason=reasons.CALENDAR_TOKEN_REVOKED(), update_fields=["revoked_at"]
    )


def calendar_token_user(*, token: str) -> User | None:
    """The user of an active token, or None."""
    row = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return row.user if row else None
