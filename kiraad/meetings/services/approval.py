"""Minutes and their approval.

The rule: the minutes of a held meeting (or a correction of approved minutes) are approved at the
next meeting of the same body that is not yet held. `approval_items_sync` puts the approval item
where that rule says, and is called after every change that can move it: planning, moving,
cancelling or holding a meeting, and writing or approving minutes. It is idempotent, so the
result does not depend on the order of those changes.
"""

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad.history import mark_change
from kiraad.meetings import reasons
from kiraad.meetings.models import AgendaItem, Meeting, MinutesVersion
from kiraad.meetings.services.follow_up import follow_up_items_sync
from kiraad.models import User
from kiraad.services import ServiceError, save_with_reason
from kiraad.validation import full_clean

S = Meeting.Status
APPROVAL_TITLE = "Godkjenning av referat fra møte {number}"
CORRECTION_TITLE = "Godkjenning av rettet referat fra møte {number}"


def _awaiting_approval(body_id: int) -> list[Meeting]:
    """Meetings of the body whose minutes (or a correction of them) wait for approval."""
    return list(
        Meeting.objects.filter(body_id=body_id)
        .filter(
            Q(status=S.HELD)
            | Q(
                status__in=[S.MINUTES_APPROVED, S.CLOSED],
                minutes_versions__is_correction=True,
                minutes_versions__approved_at__isnull=True,
            )
        )
        .distinct()
        .order_by("starts_at", "pk")
    )


@transaction.atomic
def approval_items_sync(*, body_id: int, by: User | None) -> None:
    """Put each waiting approval on the body's next meeting that is not yet held.

    An approval item already on a meeting that took place and not yet used stays there (the
    approval can still be recorded at that meeting); items left on meetings that are not held
    (or cancelled) where the rule no longer puts them are removed.
    """
    meetings = list(
        Meeting.objects.select_for_update().filter(body_id=body_id).order_by("starts_at", "pk")
    )
    items = list(
        AgendaItem.objects.filter(meeting__body_id=body_id, approves_minutes_of__isnull=False)
    )
    status = {m.pk: m.status for m in meetings}
    decides = meetings[0].body.decides if meetings else False
    wanted: dict[int, Meeting] = {}
    for earlier in _awaiting_approval(body_id):
        waiting_at_held = any(
            i.approves_minutes_of_id == earlier.pk
            and status[i.meeting_id] in Meeting.HELD_STATUSES
            and not i.outcome
            for i in items
        )
        if waiting_at_held:
            continue
        target = next(
            (
                m
                for m in meetings
                if m.status in Meeting.OPEN_STATUSES
                and (m.starts_at, m.pk) > (earlier.starts_at, earlier.pk)
            ),
            None,
        )
        if target is not None:
            wanted[earlier.pk] = target
    present = set()
    for item in items:
        if status[item.meeting_id] in Meeting.HELD_STATUSES:
            continue
        target = (
            wanted.get(item.approves_minutes_of_id)
            if item.approves_minutes_of_id is not None
            else None
        )
        if target is not None and target.pk == item.meeting_id:
            present.add(item.approves_minutes_of_id)
            continue
        mark_change(item, reason=reasons.APPROVAL_ITEM_REMOVED(), by=by)
        item.delete()
    earlier_by_pk = {m.pk: m for m in meetings}
    for earlier_pk, target in wanted.items():
        if earlier_pk in present:
            continue
        earlier = earlier_by_pk[earlier_pk]
        correction = earlier.status != S.HELD
        title = CORRECTION_TITLE if correction else APPROVAL_TITLE
        item = AgendaItem(
            meeting=target,
            order=0,
            kind=AgendaItem.Kind.DECISION if decides else AgendaItem.Kind.INFORMATION,
            title=title.format(number=earlier.number or earlier.title),
            approves_minutes_of=earlier,
        )
        save_with_reason(item, by=by, reason=reasons.APPROVAL_ITEM_ADDED())
    # The standing follow-up item moves with the same changes (services/follow_up.py).
    follow_up_items_sync(body_id=body_id, by=by)


@transaction.atomic
def meeting_write_minutes(
    *, meeting: Meeting, text: str, by: User | None, reason: str = ""
) -> MinutesVersion:
    """Write the draft minutes of a held meeting. Approved minutes are locked: change them
    only through meeting_correct_minutes."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.minutes_locked:
        raise ServiceError(
            _("The minutes are approved and locked; write a correction with a reason instead.")
        )
    if meeting.status != S.HELD:
        raise ServiceError(_("Minutes are written once the meeting is held."))
    if not text.strip():
        raise ServiceError(_("The minutes cannot be empty."))
    return _new_version(meeting=meeting, text=text, by=by, reason=reason, correction=False)


def _new_version(
    *, meeting: Meeting, text: str, by: User | None, reason: str, correction: bool
) -> MinutesVersion:
    last = meeting.minutes_versions.aggregate(m=Max("version"))["m"] or 0
    version = MinutesVersion(
        meeting=meeting,
        version=last + 1,
        text=text,
        reason=reason,
        created_by=by,
        is_correction=correction,
    )
    full_clean(version)
    version.save()
    if not correction:
        meeting.minutes = text
        save_with_reason(
            meeting, by=by, reason=reason or reasons.MINUTES_WRITTEN(), update_fields=["minutes"]
        )
    return version


@transaction.atomic
def meeting_correct_minutes(
    *, meeting: Meeting, text: str, reason: str, by: User | None
) -> MinutesVersion:
    """A correction of approved minutes: a new version marked as a correction, which goes for
    approval at the next meeting. Until then the approved version stays the one shown."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.minutes_locked:
        raise ServiceError(_("Only approved minutes are corrected; edit the draft instead."))
    if not reason.strip():
        raise ServiceError(_("A correction needs a reason."))
    if not text.strip():
        raise ServiceError(_("The minutes cannot be empty."))
    if meeting.minutes_versions.filter(is_correction=True, approved_at__isnull=True).exists():
        raise ServiceError(_("A correction is already waiting for approval."))
    version = _new_version(meeting=meeting, text=text, by=by, reason=reason, correction=True)
    approval_items_sync(body_id=meeting.body_id, by=by)
    return version


@transaction.atomic
def agenda_item_approve_minutes(*, item: AgendaItem, by: User | None) -> Meeting:
    """Approve, at this held meeting, the minutes (or the correction) the item points to.

    The approved version records who approved it, when and at which meeting; the minutes are
    locked from then on.
    """
    item = AgendaItem.objects.select_related("meeting").get(pk=item.pk)
    if item.approves_minutes_of_id is None:
        raise ServiceError(_("This item does not approve any minutes."))
    current = item.meeting
    if current.status not in Meeting.HELD_STATUSES:
        raise ServiceError(
            _("Minutes are approved at a held meeting; hold %(meeting)s first.")
            % {"meeting": current}
        )
    if item.outcome:
        raise ServiceError(_("This item has already been dealt with."))
    earlier = Meeting.objects.select_for_update().get(pk=item.approves_minutes_of_id)
    version = earlier.minutes_versions.order_by("-version").first()
    if version is None or not version.text.strip():
        raise ServiceError(_("The minutes have not been written yet."))
    if version.approved_at is not None:
        raise ServiceError(_("Those minutes are not waiting for approval."))
    now = timezone.now()
    version.approved_at = now
    version.approved_by = by
    version.approved_at_meeting = current
    version.save(update_fields=["approved_at", "approved_by", "approved_at_meeting"])
    if earlier.status == S.HELD:
        earlier.status = S.MINUTES_APPROVED
    earlier.minutes = version.text
    earlier.minutes_approved_at = now
    earlier.minutes_approved_by = by
    earlier.minutes_approved_at_meeting = current
    save_with_reason(earlier, by=by, reason=reasons.MINUTES_APPROVED_AT(meeting=current))
    item.outcome_kind = AgendaItem.OutcomeKind.CONCLUSION
    item.outcome = (
        "Rettelsen av referatet ble godkjent."
        if version.is_correction
        else "Referatet ble godkjent."
    )
    save_with_reason(item, by=by, reason=reasons.MINUTES_APPROVED())
    approval_items_sync(body_id=earlier.body_id, by=by)
    return earlier
