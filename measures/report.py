"""The measures chapter of the HOD status report, read from history *as of* a moment.

Measures, owners and plans come from django-simple-history (`history.as_of`); status comes
from the append-only log (the newest update at or before `as_of`), so rebuilding a report
later says the same thing.
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad.models import Agency
from kiraad.reports.sections import ReportSection
from measures.models import OPEN_STATUSES, Health, Measure, MeasureOwner, Plan, Status, StatusUpdate

logger = logging.getLogger(__name__)


@dataclass
class MeasureState:
    pk: int
    number: str
    title: str
    priority: int | None
    owners: list[str]
    status: str
    status_label: str
    progress: int
    health: str
    health_label: str
    due_date: datetime.date | None
    indicative_deadline: str
    latest_text: str = ""
    latest_at: datetime.datetime | None = None
    overdue: bool = False


@dataclass
class PlanState:
    key: str
    title: str
    measures: list[MeasureState] = field(default_factory=list)
    by_status: list[tuple[str, int]] = field(default_factory=list)
    by_health: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class Change:
    number: str
    title: str
    before: str
    after: str


def _latest_updates(as_of: datetime.datetime) -> dict[int, StatusUpdate]:
    """The newest update of each measure at or before `as_of`. The database picks them (a
    measure may have hundreds of updates; loading them all cost seconds in a big report)."""
    newest_first = Window(
        RowNumber(),
        partition_by=[F("measure_id")],
        order_by=[F("created_at").desc(), F("pk").desc()],
    )
    updates = (
        StatusUpdate.objects.filter(created_at__lte=as_of)
        .annotate(newness=newest_first)
        .filter(newness=1)
        .only("measure_id", "created_at", "status", "progress", "health", "done")
        .order_by()
    )
    return {update.measure_id: update for update in updates}


def _states(as_of: datetime.datetime) -> tuple[list[PlanState], dict[int, MeasureState]]:
    plans = {p.id: p for p in Plan.history.as_of(as_of)}
    agencies = {a.pk: a for a in Agency.objects.all()}
    owners: dict[int, list[tuple[bool, str]]] = {}
    for owner in MeasureOwner.history.as_of(as_of):
        agency = agencies.get(owner.agency_id)
        name = agency.display_name if agency else str(owner.agency_id)
        owners.setdefault(owner.measure_id, []).append((owner.is_lead, name))
    latest = _latest_updates(as_of)
    status_labels, health_labels = dict(Status.choices), dict(Health.choices)
    on_date = timezone.localtime(as_of).date()

    per_plan: dict[int, PlanState] = {}
    states: dict[int, MeasureState] = {}
    historic = sorted(Measure.history.as_of(as_of), key=lambda m: (m.plan_id, m.order, m.number))
    for measure in historic:
        plan = plans.get(measure.plan_id)
        if plan is None:
            continue
        update = latest.get(measure.id)
        status = update.status if update else measure.status
        progress = update.progress if update else measure.progress
        health = update.health if update else measure.health
        names = [
            name + (f" ({_('lead')})" if lead else "")
            for lead, name in sorted(owners.get(measure.id, []), key=lambda o: (not o[0], o[1]))
        ]
        state = MeasureState(
            pk=measure.id,
            number=measure.number,
            title=measure.title,
            priority=measure.priority,
            owners=names,
            status=status,
            status_label=str(status_labels.get(status, status)),
            progress=progress,
            health=health,
            health_label=str(health_labels.get(health, health)),
            due_date=measure.due_date,
            indicative_deadline=measure.indicative_deadline,
            latest_text=(update.done if update else ""),
            latest_at=(update.created_at if update else None),
            overdue=bool(
                measure.due_date and measure.due_date < on_date and status in OPEN_STATUSES
            ),
        )
        states[measure.id] = state
        per_plan.setdefault(
            measure.plan_id, PlanState(key=plan.key, title=plan.title)
        ).measures.append(state)
    for plan_state in per_plan.values():
        statuses = Counter(m.status for m in plan_state.measures)
        healths = Counter(m.health for m in plan_state.measures)
        plan_state.by_status = [
            (str(label), statuses[value]) for value, label in Status.choices if statuses[value]
        ]
        plan_state.by_health = [
            (str(label), healths[value]) for value, label in Health.choices if healths[value]
        ]
    ordered = [per_plan[pid] for pid in sorted(per_plan, key=lambda p: plans[p].key)]
    return ordered, states


def _describe(state: MeasureState) -> str:
    return f"{state.status_label}, {state.progress} %, {state.health_label}"


def status_section(
    *,
    as_of: datetime.datetime,
    period_start: datetime.date,
    period_end: datetime.date,
    previous_as_of: datetime.datetime | None = None,
    **_context,
) -> ReportSection:
    """Measures per plan as of `as_of`: counts by status and health, every measure, the ones off
    track or overdue, and what changed since `previous_as_of` (or since the period's start)."""
    plans, states = _states(as_of)
    since = previous_as_of or datetime.datetime.combine(
        period_start, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    _before_plans, before = _states(since)
    changes = []
    for pk, state in states.items():
        old = before.get(pk)
        if old is None:
            changes.append(Change(state.number, state.title, _("new"), _describe(state)))
        elif (old.status, old.progress, old.health) != (state.status, state.progress, state.health):
            changes.append(Change(state.number, state.title, _describe(old), _describe(state)))
    attention = [
        s
        for s in states.values()
        if s.status in OPEN_STATUSES and (s.overdue or s.health == Health.OFF_TRACK)
    ]
    if not states:
        logger.warning("status report as of %s: no measures recorded by then", as_of.isoformat())
    return ReportSection(
        key="measures",
        title=_("Measures of the joint plans"),
        template="measures/report_section.html",
        context={
            "as_of": as_of,
            "since": since,
            "period_start": period_start,
            "period_end": period_end,
            "plans": plans,
            "attention": attention,
            "changes": changes,
        },
        order=20,
        found=bool(states),
    )
