"""Every write to plans, measures, owners, status updates, milestones and reporting rounds.

Moving a dissolved agency's measures to its successor: `measures.services.succession`.
"""

import datetime
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from kiraad.access import sync_agency_perms
from kiraad.history import mark_change
from kiraad.models import Agency, Commission, User
from kiraad.services import ServiceError, save_with_reason
from kiraad.validation import full_clean
from measures import reasons
from measures.models import (
    Health,
    Measure,
    MeasureOwner,
    Milestone,
    Plan,
    ReportingRound,
    Status,
    StatusUpdate,
)

# Owners of a measure hold these object permissions on it, through their agency's group.
OWNER_PERMS = ("change_measure",)


class StaleUpdate(ServiceError):
    """A newer status update was posted after the form was loaded."""

    def __init__(self, latest: StatusUpdate | None) -> None:
        super().__init__("A newer status update exists.")
        self.latest = latest


@dataclass(frozen=True)
class PlanData:
    key: str
    title: str
    short_name: str = ""
    year: int | None = None
    description: str = ""
    source: str = ""
    commissions: Sequence[Commission] = ()


@dataclass(frozen=True)
class MeasureData:
    number: str
    title: str
    kind: str
    priority: int | None = None
    area: str = ""
    description: str = ""
    source_text: str = ""
    indicative_deadline: str = ""
    due_date: datetime.date | None = None
    responsible_text: str = ""
    outcome_note: str = ""
    note: str = ""
    note_language: str = "nb"
    order: int = 0
    source: str = ""
    commissions: Sequence[Commission] | None = None


# The longest text a status update keeps (the log is append-only: kept for good).
STATUS_TEXT_MAX = 5000


@dataclass(frozen=True)
class StatusData:
    status: str
    progress: int
    health: str
    done: str = ""
    next_steps: str = ""
    blockers: str = ""


@dataclass(frozen=True)
class OwnerData:
    lead: Agency | None
    co_owners: Sequence[Agency] = field(default_factory=tuple)


@dataclass(frozen=True)
class MilestoneData:
    title: str
    kind: str = "date"
    due_date: datetime.date | None = None
    indicative_deadline: str = ""
    responsible: str = ""
    done_on: datetime.date | None = None
    order: int = 0


@dataclass(frozen=True)
class RoundData:
    name: str
    opens_on: datetime.date
    due_on: datetime.date


# --- plans -------------------------------------------------------------------------------


@transaction.atomic
def plan_save(*, plan: Plan | None, data: PlanData, by: User | None, reason: str) -> Plan:
    """Create a plan (plan=None) or change one, with its commissions."""
    plan = plan or Plan()
    values = asdict(data)
    commissions = values.pop("commissions")
    for name, value in values.items():
        setattr(plan, name, value)
    save_with_reason(plan, by=by, reason=reason)
    plan.commissions.set(commissions)
    return plan


@transaction.atomic
def reporting_round_save(
    *,
    plan: Plan,
    reporting_round: ReportingRound | None,
    data: RoundData,
    by: User | None,
    reason: str,
) -> ReportingRound:
    """Create or change a reporting round of a plan."""
    obj = reporting_round or ReportingRound(plan=plan)
    obj.name, obj.opens_on, obj.due_on = data.name, data.opens_on, data.due_on
    save_with_reason(obj, by=by, reason=reason)
    return obj


# --- measures ----------------------------------------------------------------------------


@transaction.atomic
def measure_save(
    *, measure: Measure | None, plan: Plan, data: MeasureData, by: User | None, reason: str
) -> Measure:
    """Create (measure=None) or change a measure's descriptive fields.

    Status, progress and health are not set here: they change only through a status update.
    """
    measure = measure or Measure()
    measure.plan = plan
    values = asdict(data)
    commissions = values.pop("commissions")
    for name, value in values.items():
        setattr(measure, name, value)
    save_with_reason(measure, by=by, reason=reason)
    if commissions is not None:
        measure.commissions.set(commissions)
    return measure


@transaction.atomic
def measure_set_owners(
    *, measure: Measure, owners: OwnerData, by: User | None, reason: str
) -> list[MeasureOwner]:
    """Make exactly `owners` own the measure, and keep the agencies' object permissions in step.

    The lead (if any) comes first; a measure may be owned jointly with no lead.
    """
    wanted: dict[int, tuple[Agency, bool]] = {}
    if owners.lead is not None:
        wanted[owners.lead.pk] = (owners.lead, True)
    for agency in owners.co_owners:
        wanted.setdefault(agency.pk, (agency, False))
    if not wanted:
        raise ServiceError(_("A measure needs at least one owner."))

    current = {owner.agency_id: owner for owner in measure.owners.select_related("agency")}
    for agency_id, owner in current.items():
        if agency_id not in wanted:
            mark_change(owner, reason=reason, by=by)
            owner.delete()
    # Clear a lead flag before setting another, so the one-lead constraint holds at every step.
    for agency_id, owner in current.items():
        if agency_id in wanted and owner.is_lead and not wanted[agency_id][1]:
            owner.is_lead = False
            save_with_reason(owner, by=by, reason=reason, update_fields=["is_lead"])
    result = []
    for agency_id, (agency, is_lead) in wanted.items():
        kept = current.get(agency_id)
        if kept is None:
            kept = MeasureOwner(measure=measure, agency=agency, is_lead=is_lead)
            save_with_reason(kept, by=by, reason=reason)
        elif kept.is_lead != is_lead:
            kept.is_lead = is_lead
            save_with_reason(kept, by=by, reason=reason, update_fields=["is_lead"])
        result.append(kept)
    sync_agency_perms(measure, [agency for agency, _lead in wanted.values()], OWNER_PERMS)
    return result


def _append_update(
    *,
    measure: Measure,
    author: User | None,
    agency: Agency | None,
    data: StatusData,
    at: datetime.datetime | None = None,
) -> StatusUpdate:
    update = StatusUpdate(measure=measure, author=author, agency=agency, **asdict(data))
    if at is not None:
        update.created_at = at
    full_clean(update)
    update.save()
    measure.latest_update = update
    measure.status, measure.progress, measure.health = data.status, data.progress, data.health
    save_with_reason(
        measure,
        by=author,
        reason=reasons.STATUS_UPDATE(),
        update_fields=["latest_update", "status", "progress", "health"],
    )
    return update


@transaction.atomic
def measure_post_status(
    *, measure: Measure, author: User, based_on: int | None, data: StatusData
) -> StatusUpdate:
    """Append a status update; the measure's current state becomes this update.

    Optimistic lock on the append-only log: `based_on` is the latest update the author saw.
    If someone posted since, StaleUpdate carries what they saved.
    """
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    if measure.latest_update_id != based_on:
        latest = (
            StatusUpdate.objects.select_related("author", "agency")
            .filter(pk=measure.latest_update_id)
            .first()
            if measure.latest_update_id is not None
            else None
        )
        raise StaleUpdate(latest)
    if data.status == Status.MERGED:
        raise ServiceError(_("A measure is merged through the merge page, not a status update."))
    if measure.status == Status.MERGED:
        raise ServiceError(_("The measure has been merged into another; report on that one."))
    texts = (data.done, data.next_steps, data.blockers)
    if any(len(text) > STATUS_TEXT_MAX for text in texts):
        raise ServiceError(
            _("Each text of a status update is at most %(max)d characters.")
            % {"max": STATUS_TEXT_MAX}
        )
    unchanged = (data.status, data.progress, data.health) == (
        measure.status,
        measure.progress,
        measure.health,
    )
    if unchanged and not any(text.strip() for text in texts):
        raise ServiceError(
            _(
                "The update changes nothing and says nothing: change the status, progress or "
                "health, or write what was done, the next steps or the blockers."
            )
        )
    return _append_update(measure=measure, author=author, agency=author.agency, data=data)


@transaction.atomic
def measure_import_status(
    *,
    measure: Measure,
    author: User | None,
    agency: Agency | None,
    at: datetime.datetime,
    data: StatusData,
) -> StatusUpdate:
    """Append a status update with a given time (loaders only: demo data, imports).

    The log stays in time order: an update older than the latest one is refused.
    """
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    latest = (
        StatusUpdate.objects.filter(pk=measure.latest_update_id).first()
        if measure.latest_update_id is not None
        else None
    )
    if latest is not None and latest.created_at > at:
        raise ServiceError(_("An imported update may not predate the latest one."))
    return _append_update(measure=measure, author=author, agency=agency, data=data, at=at)


@transaction.atomic
def measure_merge(
    *,
    measure: Measure,
    into: Measure | None,
    external: str,
    by: User | None,
    reason: str,
) -> Measure:
    """Fold a measure into another measure or a named work outside the plan («legges inn under»).

    The fold is also a status update (status «merged»), so the log stays the only source of
    the measure's state.
    """
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    external = external.strip()
    if (into is None) == (not external):
        raise ServiceError(_("Give either a measure or a named work outside the plan, not both."))
    if into is not None:
        if into.pk == measure.pk:
            raise ServiceError(_("A measure cannot be merged into itself."))
        target_id: int | None = into.pk
        seen: set[int] = set()
        while target_id is not None and target_id not in seen:  # refuse cycles: A → B → A
            seen.add(target_id)
            target_id = (
                Measure.objects.filter(pk=target_id).values_list("merged_into_id", flat=True).get()
            )
            if target_id == measure.pk:
                raise ServiceError(_("That would merge the measures into each other."))
    measure.merged_into = into
    measure.merged_into_external = external
    save_with_reason(
        measure, by=by, reason=reason, update_fields=["merged_into", "merged_into_external"]
    )
    _append_update(
        measure=measure,
        author=by,
        agency=by.agency if by else None,
        data=StatusData(
            status=Status.MERGED,
            progress=measure.progress,
            health=Health.UNKNOWN,
            done=reason,
        ),
    )
    return measure


@transaction.atomic
def milestone_save(
    *,
    measure: Measure,
    milestone: Milestone | None,
    data: MilestoneData,
    by: User | None,
    reason: str,
) -> Milestone:
    """Add a milestone to a measure, or change one."""
    obj = milestone or Milestone(measure=measure)
    for name, value in asdict(data).items():
        setattr(obj, name, value)
    save_with_reason(obj, by=by, reason=reason)
    return obj
