"""Writes on a meeting's agenda, documents, attendance, outcomes and follow-up actions.

Approved minutes lock what they record: attendance, outcomes and documents refuse changes once a
meeting's minutes are approved (Meeting.minutes_locked).
"""

import datetime

from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kiraad.history import mark_change
from kiraad.meetings import reasons
from kiraad.meetings.models import ActionItem, AgendaItem, Attendance, Meeting, MeetingDocument
from kiraad.meetings.services.follow_up import follow_up_items_sync
from kiraad.models import Agency, User
from kiraad.services import ServiceError, save_with_reason

S = Meeting.Status

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
ALLOWED_DOCUMENT_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "text/plain": ".txt",
}


def require_unlocked(meeting: Meeting) -> None:
    """Approved minutes lock the meeting's record."""
    if meeting.minutes_locked:
        raise ServiceError(
            _("The minutes of %(meeting)s are approved: its record is locked.")
            % {"meeting": meeting}
        )


def check_agency_current(agency: Agency, on: datetime.date) -> None:
    """A dissolved agency cannot attend or own anything after it was dissolved."""
    if agency.dissolved_on and agency.dissolved_on <= on:
        raise ServiceError(
            _("%(agency)s was dissolved on %(date)s.")
            % {"agency": agency.name, "date": date_format(agency.dissolved_on, "SHORT_DATE_FORMAT")}
        )


def _check_kind(*, meeting: Meeting, kind: str) -> None:
    if kind == AgendaItem.Kind.DECISION and not meeting.body.decides:
        raise ServiceError(
            _("%(body)s advises and does not decide: a decision item is not allowed.")
            % {"body": meeting.body.name}
        )


def _require_editable_agenda(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise ServiceError(_("The agenda can only be changed before the meeting is held."))


def require_ordinary_item(item: AgendaItem) -> None:
    """The items the services place (the approval of minutes, the standing follow-up item)
    follow the meetings and the actions: an edit or a removal would be undone by the next sync."""
    if item.approves_minutes_of_id is not None:
        raise ServiceError(_("The approval of minutes is placed automatically."))
    if item.carries_actions:
        raise ServiceError(
            _(
                "The follow-up of earlier meetings is placed automatically while actions are open;"
                " change the actions' status instead."
            )
        )


def _meeting_day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


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
    if presenter_agency is not None:
        check_agency_current(presenter_agency, _meeting_day(meeting))
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
def agenda_item_edit(
    *,
    item: AgendaItem,
    kind: str,
    title: str,
    text: str = "",
    presenter_agency: Agency | None = None,
    by: User | None,
) -> AgendaItem:
    """Change an item before the meeting is held (not the items placed automatically)."""
    item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
    _require_editable_agenda(item.meeting)
    require_ordinary_item(item)
    _check_kind(meeting=item.meeting, kind=kind)
    item.kind = kind
    item.title = title
    item.text = text
    item.presenter_agency = presenter_agency
    save_with_reason(item, by=by, reason=reasons.AGENDA_ITEM_EDITED())
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, by: User | None) -> None:
    """Remove an item before the meeting is held (the deletion is kept in history)."""
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    _require_editable_agenda(item.meeting)
    require_ordinary_item(item)
    mark_change(item, reason=reasons.AGENDA_ITEM_REMOVED(), by=by)
    item.delete()


@transaction.atomic
def meeting_document_add(
    *,
    meeting: Meeting,
    title: str,
    file: "File[bytes]",
    agenda_item: AgendaItem | None = None,
    by: User | None,
) -> MeetingDocument:
    """Attach a document; refuse large files, types outside the allowed list, and any document
    once the minutes are approved."""
    require_unlocked(meeting)
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
def attendance_set(
    *, meeting: Meeting, agency: Agency, status: str, note: str = "", by: User | None
) -> Attendance:
    """Record whether an agency was present, absent or represented by a deputy (locked once
    the minutes are approved)."""
    meeting = Meeting.objects.get(pk=meeting.pk)
    require_unlocked(meeting)
    if meeting.is_open or meeting.status == S.CANCELLED:
        raise ServiceError(_("Attendance is recorded once the meeting is held."))
    check_agency_current(agency, _meeting_day(meeting))
    attendance = Attendance.objects.filter(meeting=meeting, agency=agency).first() or Attendance(
        meeting=meeting, agency=agency
    )
    attendance.status = status
    attendance.note = note
    save_with_reason(attendance, by=by, reason=reasons.ATTENDANCE_RECORDED())
    return attendance


@transaction.atomic
def attendance_set_many(
    *, meeting: Meeting, entries: list[tuple[Agency, str, str]], by: User | None
) -> int:
    """The attendance grid in one submit, under the same rules as attendance_set (checked
    once), all or nothing. Unchanged rows write no history. Returns how many rows changed."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    require_unlocked(meeting)
    if meeting.is_open or meeting.status == S.CANCELLED:
        raise ServiceError(_("Attendance is recorded once the meeting is held."))
    day = _meeting_day(meeting)
    existing = {a.agency_id: a for a in Attendance.objects.filter(meeting=meeting)}
    changed = 0
    for agency, status, note in entries:
        check_agency_current(agency, day)
        attendance = existing.get(agency.pk) or Attendance(meeting=meeting, agency=agency)
        if attendance.pk is not None and (attendance.status, attendance.note) == (status, note):
            continue
        attendance.status = status
        attendance.note = note
        save_with_reason(attendance, by=by, reason=reasons.ATTENDANCE_RECORDED())
        changed += 1
    return changed


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
def action_item_create(
    *,
    item: AgendaItem,
    title: str,
    owner_agency: Agency,
    due_date: datetime.date | None,
    description: str = "",
    by: User | None,
) -> ActionItem:
    """A follow-up action from an item's outcome, due on or after its meeting, owned by an
    agency that exists on the meeting's day."""
    meeting_day = _meeting_day(item.meeting)
    require_unlocked(item.meeting)
    if due_date is not None and due_date < meeting_day:
        raise ServiceError(
            _("An action cannot be due before its meeting (%(date)s).")
            % {"date": date_format(meeting_day, "SHORT_DATE_FORMAT")}
        )
    check_agency_current(owner_agency, meeting_day)
    action = ActionItem(
        meeting=item.meeting,
        agenda_item=item,
        title=title,
        description=description,
        owner_agency=owner_agency,
        due_date=due_date,
    )
    save_with_reason(action, by=by, reason=reasons.ACTION_CREATED())
    follow_up_items_sync(body_id=item.meeting.body_id, by=by)
    return action


@transaction.atomic
def action_item_set_status(
    *, action: ActionItem, status: str, by: User | None, note: str = ""
) -> ActionItem:
    """The owning agency (or the secretariat) updates a follow-up action's status; `note`
    (why) goes into its history. The follow-up item on the body's next agendas follows."""
    action.status = status
    reason = note.strip() or reasons.ACTION_STATUS_UPDATED()
    save_with_reason(action, by=by, reason=reason, update_fields=["status"])
    follow_up_items_sync(body_id=action.meeting.body_id, by=by)
    return action
