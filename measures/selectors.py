"""Reads of plans and measures, with every query plan decided here."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad.history import HistoryEntry, history_entries, reason_html
from kiraad.models import Agency
from kiraad.succession import SuccessionSection
from measures.filters import MeasureFilter, ordering_for
from measures.models import (
    OPEN_STATUSES,
    SUCCESSION_STATUSES,
    Health,
    Measure,
    MeasureOwner,
    Milestone,
    Plan,
    ReportingRound,
    StatusUpdate,
)

TIMELINE_LIMIT = 100


def _owners_prefetch() -> "Prefetch[str, QuerySet[MeasureOwner], str]":
    return Prefetch(
        "owners",
        queryset=MeasureOwner.objects.select_related("agency").order_by("-is_lead", "agency__name"),
    )


def measure_base_qs() -> QuerySet[Measure]:
    return Measure.objects.select_related(
        "plan", "latest_update", "latest_update__agency", "merged_into"
    ).prefetch_related(_owners_prefetch())


# What the list's rows show (measures.tables.measure_rows), and no more: a measure's long texts,
# its merge target and the agencies' other columns (aliases is JSON, decoded per row) cost a
# tenth of a cold list's CPU to load and were never shown.
LIST_ROW_FIELDS = (
    "number",
    "priority",
    "title",
    "kind",
    "status",
    "health",
    "progress",
    "area",
    "due_date",
    "indicative_deadline",
    "plan__title",
    "plan__short_name",
    "latest_update__created_at",
    "latest_update__agency__name",
    "latest_update__agency__short_name",
)


def measure_list_rows(measures: QuerySet[Measure]) -> QuerySet[Measure]:
    """`measures` (from measure_list) loading only what a row of the list shows; the owners come
    from measure_list_owners."""
    return (
        measures.select_related(None)
        .select_related("plan", "latest_update__agency")
        .prefetch_related(None)
        .only(*LIST_ROW_FIELDS)
    )


def measure_list_owners(*, measure_ids: list[int]) -> dict[int, list[tuple[str, bool]]]:
    """Each measure's owners as (the agency's display name, lead or not), the lead first, then
    by name. One query of plain values: fifty measures' owners as model instances through a
    prefetch cost ~3 ms of CPU."""
    owners: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    rows = (
        MeasureOwner.objects.filter(measure_id__in=measure_ids)
        .order_by("-is_lead", "agency__name")
        .values_list("measure_id", "is_lead", "agency__short_name", "agency__name")
    )
    for measure_id, is_lead, short_name, name in rows:
        owners[measure_id].append((short_name or name, is_lead))  # Agency.display_name
    return owners


def measure_list(
    *, params: QueryDict | dict[str, Any] | None = None
) -> tuple[MeasureFilter, QuerySet[Measure]]:
    """The filtered and sorted measures, and the bound filter set (for the form and its errors).

    Owners come in one prefetch; plan and latest update through joins.
    """
    filterset = MeasureFilter(params or {}, queryset=measure_base_qs())
    queryset = filterset.qs if filterset.is_valid() else measure_base_qs().none()
    sort = filterset.form.cleaned_data.get("sort") if filterset.is_valid() else None
    return filterset, queryset.order_by(*ordering_for(sort))


def measure_detail_qs() -> QuerySet[Measure]:
    """Measures with everything the measure page shows, in a fixed number of queries."""
    return Measure.objects.select_related(
        "plan",
        "merged_into",
        "merged_into__plan",
        "latest_update",
        "latest_update__author",
        "latest_update__agency",
    ).prefetch_related(
        _owners_prefetch(),
        "commissions",
        "sources",
        Prefetch("milestones", queryset=Milestone.objects.order_by("order", "due_date", "pk")),
        Prefetch("merged_measures", queryset=Measure.objects.order_by("order", "number")),
    )


def measure_owners(*, measure: Measure) -> list[MeasureOwner]:
    """The owners, lead first."""
    return list(
        MeasureOwner.objects.filter(measure=measure)
        .select_related("agency")
        .order_by("-is_lead", "agency__name")
    )


def measure_timeline(*, measure: Measure, limit: int = TIMELINE_LIMIT) -> list[StatusUpdate]:
    """The newest status updates of a measure, newest first."""
    return list(
        StatusUpdate.objects.filter(measure=measure)
        .select_related("author", "agency")
        .order_by("-created_at", "-pk")[:limit]
    )


def measure_history(*, measure: Measure, limit: int = 50) -> list[HistoryEntry]:
    """The measure's own history merged with its owners' (who became or stopped being owner,
    by whom and why), newest first. Three queries whatever the length."""
    entries = history_entries(measure, limit=limit)
    kinds = {"+": _("owner added"), "-": _("owner removed"), "~": _("owner changed")}
    records = (
        MeasureOwner.history.filter(measure_id=measure.pk)
        .select_related("history_user", "agency")
        .order_by("-history_date")[:limit]
    )
    for record in records:
        user = record.history_user
        label = record.agency.name if record.agency else str(record.agency_id)
        if record.is_lead:
            label += f" ({_('lead')})"
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else str(_("system")),
                kind=f"{kinds.get(record.history_type, record.history_type)}: {label}",
                reason=reason_html(record.history_change_reason),
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries[:limit]


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.annotate(measure_count=Count("measures")).order_by("year", "key")


def plan_get(*, pk: int) -> Plan:
    return Plan.objects.prefetch_related(
        "commissions",
        "sources",
        Prefetch("rounds", queryset=ReportingRound.objects.order_by("-opens_on")),
    ).get(pk=pk)


def plan_measures(*, plan: Plan) -> QuerySet[Measure]:
    return measure_base_qs().filter(plan=plan).order_by("order", "number")


# --- reporting rounds and the dashboard ------------------------------------------------------


def current_rounds(*, today: datetime.date | None = None) -> dict[int, ReportingRound]:
    """Per plan, the round that opened most recently (still current after its due date)."""
    today = today or timezone.localdate()
    current: dict[int, ReportingRound] = {}
    for reporting_round in (
        ReportingRound.objects.select_related("plan")
        .filter(opens_on__lte=today)
        .order_by("plan_id", "-opens_on")
    ):
        current.setdefault(reporting_round.plan_id, reporting_round)
    return current


def _due_in_round_q(rounds: dict[int, ReportingRound]) -> Q:
    """Open measures in a plan with a current round and no update since the round opened."""
    condition = Q(pk__in=[])
    for plan_id, reporting_round in rounds.items():
        opened = datetime.datetime.combine(
            reporting_round.opens_on, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )
        condition |= Q(plan_id=plan_id) & (
            Q(latest_update__isnull=True) | Q(latest_update__created_at__lt=opened)
        )
    return condition & Q(status__in=OPEN_STATUSES)


def measures_due_in_round(
    *, measures: QuerySet[Measure], rounds: dict[int, ReportingRound]
) -> QuerySet[Measure]:
    """Of `measures`, the open ones with no update since their plan's current round opened."""
    return (
        measures.select_related("plan")
        .filter(_due_in_round_q(rounds))
        .order_by("plan__key", "order", "number")
    )


@dataclass
class AgencyPanel:
    """What the dashboard shows an agency about its measures."""

    rounds: list[ReportingRound] = field(default_factory=list)
    due: list[Measure] = field(default_factory=list)
    off_track: list[Measure] = field(default_factory=list)
    past_due: list[Measure] = field(default_factory=list)


def agency_panel(
    *,
    measures: QuerySet[Measure],
    today: datetime.date | None = None,
    limit: int = 20,
    rounds: dict[int, ReportingRound] | None = None,
) -> AgencyPanel:
    """Due an update in the current round, off track, and past their due date.

    `rounds` is current_rounds(), when the caller has read it already."""
    today = today or timezone.localdate()
    if rounds is None:
        rounds = current_rounds(today=today)
    base = measures.select_related("plan").order_by("plan__key", "order", "number")
    return AgencyPanel(
        rounds=list(rounds.values()),
        due=list(base.filter(_due_in_round_q(rounds))[:limit]),
        off_track=list(base.filter(health=Health.OFF_TRACK, status__in=OPEN_STATUSES)[:limit]),
        past_due=list(base.filter(due_date__lt=today, status__in=OPEN_STATUSES)[:limit]),
    )


@dataclass
class AgencyReportingGap:
    agency: Agency
    missing: int


def agencies_not_reported(
    *, today: datetime.date | None = None, rounds: dict[int, ReportingRound] | None = None
) -> list[AgencyReportingGap]:
    """Agencies owning open measures in a current round with no update since it opened, with
    how many, in one query. `rounds` is current_rounds(), when the caller has read it already."""
    if rounds is None:
        rounds = current_rounds(today=today)
    if not rounds:
        return []
    # The filter comes before the count, so the count is over the due measures only.
    agencies = (
        Agency.objects.filter(
            owned_measures__measure__in=Measure.objects.filter(_due_in_round_q(rounds))
        )
        .annotate(missing=Count("owned_measures__measure", distinct=True))
        .order_by("name")
    )
    return [AgencyReportingGap(agency=a, missing=a.missing) for a in agencies]


def measures_succession_preview(
    *, agency: Agency, successor: Agency, on: datetime.date
) -> list[SuccessionSection]:
    """The measures whose ownership moves when `agency` is succeeded, owners before and after
    (as measures_move_to_successor moves them)."""
    measures = (
        Measure.objects.filter(status__in=list(SUCCESSION_STATUSES), owners__agency=agency)
        .select_related("plan")
        .prefetch_related(_owners_prefetch())
        .order_by("plan__year", "plan__key", "order", "number")
    )

    def owners(rows: list[tuple[Agency, bool]]) -> str:
        names = [f"{a.display_name} ({_('lead')})" if lead else a.display_name for a, lead in rows]
        return ", ".join(dict.fromkeys(names)) or "–"

    rows = []
    for measure in measures:
        now = [(o.agency, o.is_lead) for o in measure.owners.all()]
        after = [(successor if a.pk == agency.pk else a, lead) for a, lead in now]
        rows.append(
            (
                f"{measure.plan} {measure.number}",
                measure.title,
                measure.get_status_display(),
                owners(now),
                owners(after),
            )
        )
    return [
        SuccessionSection(
            title=_("Open measures and their ownership"),
            headers=(_("Measure"), _("Title"), _("Status"), _("Owners now"), _("Owners after")),
            rows=rows,
        )
    ]
