"""Reads of the network app, with their query plans decided here."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    Field,
    Prefetch,
    Q,
    QuerySet,
    TextField,
    Window,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad.content_lang import DataText
from kiraad.models import Agency, Meeting, User
from kiraad.succession import SuccessionSection
from network.filters import DeploymentFilter, EscalationFilter
from network.models import AIDeployment, DeploymentExperience, Escalation

ESCALATION_RELATED = (
    "network",
    "network__agency",
    "raised_by",
    "category",
    "target_level",
    "responsible_agency",
    "agenda_item",
    "agenda_item__meeting",
)


def escalation_get(*, pk: int) -> Escalation | None:
    return Escalation.objects.select_related(*ESCALATION_RELATED).filter(pk=pk).first()


def escalation_list(
    *, scope: Q | None = None, params: Mapping[str, Any] | None = None
) -> tuple[QuerySet[Escalation], EscalationFilter]:
    """The escalations within `scope` (from network.access), filtered by `params`, highest
    priority and longest waiting first."""
    queryset = (
        Escalation.objects.select_related(*ESCALATION_RELATED)
        .filter(scope or Q())
        .order_by("priority", "raised_at", "pk")
    )
    filterset = EscalationFilter(params or None, queryset=queryset)
    return filterset.qs, filterset


def escalation_answer_draft(escalation: Escalation) -> tuple[str, bool]:
    """The text the answer form starts from, and whether it comes from the council's outcome.

    Once the agenda item that handled the escalation has an outcome, that outcome is the draft
    of the answer (nobody types it again); the secretariat reviews it, saves it and sends it
    back. An answer already written wins. `escalation` comes with its agenda item read.
    """
    if escalation.council_response:
        return escalation.council_response, False
    item = escalation.agenda_item
    if item is not None and item.outcome.strip():
        return item.outcome, True
    return "", False


def escalations_awaiting_council() -> QuerySet[Escalation]:
    """The secretariat's queue: raised or assessed escalations, ranked by priority."""
    return (
        Escalation.objects.select_related(*ESCALATION_RELATED)
        .filter(status__in=Escalation.WAITING_STATUSES)
        .order_by("priority", "raised_at", "pk")
    )


@dataclass
class AwaitingCouncil:
    """The first escalations awaiting the council, and which have waited too long."""

    escalations: Sequence[Escalation]
    waited_too_long: set[int]  # pks among `escalations`
    waited_too_long_count: int  # among all that await the council, not only those shown


def escalations_awaiting_council_summary(
    *, limit: int = 10, now: datetime.datetime | None = None
) -> AwaitingCouncil:
    """The dashboard's queue in one query: the count of all that waited too long comes along
    with each row (a window over every awaiting escalation, computed before the limit)."""
    now = now or timezone.now()
    too_long = Q(raised_at__lt=now - datetime.timedelta(days=settings.ESCALATION_WAIT_DAYS))
    # Only what a one-line summary shows: sorting 2,000 full rows with their joins to keep ten
    # took 25 ms in PostgreSQL.
    brief = (
        escalations_awaiting_council()
        .select_related(None)
        .only("pk", "title", "priority", "status", "raised_at")
    )
    rows = list(
        brief.annotate(
            waited_too_long=ExpressionWrapper(too_long, output_field=BooleanField()),
            waited_too_long_count=Window(Count("pk", filter=too_long)),
        )[:limit]
    )
    return AwaitingCouncil(
        escalations=rows,
        waited_too_long={row.pk for row in rows if row.waited_too_long},
        waited_too_long_count=rows[0].waited_too_long_count if rows else 0,
    )


def escalations_raised_by(*, user: User) -> QuerySet[Escalation]:
    """The coordinator's own escalations, newest first."""
    return (
        Escalation.objects.select_related(*ESCALATION_RELATED)
        .filter(raised_by=user)
        .order_by("-created_at", "-pk")
    )


DEPLOYMENT_RELATED = ("parent", "reporting_agency", "reported_by")


def deployment_get(*, pk: int) -> AIDeployment | None:
    return (
        AIDeployment.objects.select_related(*DEPLOYMENT_RELATED)
        .prefetch_related(
            Prefetch(
                "experiences",
                queryset=DeploymentExperience.objects.select_related("reported_by"),
            ),
            Prefetch("hosted", queryset=AIDeployment.objects.order_by("system")),
        )
        .filter(pk=pk)
        .first()
    )


def deployment_list(
    *, params: Mapping[str, Any] | None = None
) -> tuple[QuerySet[AIDeployment], DeploymentFilter]:
    """The internal register, filtered by `params`."""
    queryset = (
        AIDeployment.objects.select_related(*DEPLOYMENT_RELATED)
        .annotate(experience_count=Count("experiences"))
        .order_by("system", "health_trust", "pk")
    )
    filterset = DeploymentFilter(params or None, queryset=queryset)
    return filterset.qs, filterset


# What the public pages load: the public fields, and the publication's own public facts.
PUBLIC_COLUMNS = (
    *AIDeployment.PUBLIC_FIELDS,
    "language",
    "publication",
    "public_changed_at",
    "withdrawn_reason",
)


def public_deployment_list(
    *, params: Mapping[str, Any] | None = None
) -> tuple[QuerySet[AIDeployment], DeploymentFilter]:
    """The public register: only the public tier of fields is loaded."""
    queryset = (
        AIDeployment.objects.filter(publication=AIDeployment.Publication.PUBLISHED)
        .select_related("parent")
        .only("id", *PUBLIC_COLUMNS, "parent__id", "parent__system")
        .order_by("system", "health_trust", "pk")
    )
    filterset = DeploymentFilter(params or None, queryset=queryset)
    return filterset.qs, filterset


def public_deployment_get(*, pk: int) -> AIDeployment | None:
    P = AIDeployment.Publication
    hosted = AIDeployment.objects.filter(publication=P.PUBLISHED).only("id", "system", "parent")
    return (
        AIDeployment.objects.filter(publication__in=[P.PUBLISHED, P.WITHDRAWN])
        .select_related("parent")
        .only("id", *PUBLIC_COLUMNS, "parent__id", "parent__system", "parent__publication")
        .prefetch_related(Prefetch("hosted", queryset=hosted))
        .filter(pk=pk)
        .first()
    )


@dataclass
class PublicHistoryEntry:
    when: datetime.datetime
    kind: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""


def public_history(*, deployment: AIDeployment) -> list[PublicHistoryEntry]:
    """The entry's history as the public may see it: only public fields, no names, no reasons.

    Only reviewed versions: those published, and the withdrawal with its public reason.
    Versions that changed no public field are left out. Newest first.
    """
    fields = AIDeployment.PUBLIC_FIELDS
    column = {name: register_column(name).attname for name in fields}
    P = AIDeployment.Publication
    records = list(
        AIDeployment.history.filter(id=deployment.pk, publication__in=[P.PUBLISHED, P.WITHDRAWN])
        .order_by("history_date", "history_id")
        .values("history_date", "history_type", "publication", "withdrawn_reason", *column.values())
    )
    parent_ids = {r[column["parent"]] for r in records if r[column["parent"]]}
    parents = dict(AIDeployment.objects.filter(pk__in=parent_ids).values_list("pk", "system"))
    entries: list[PublicHistoryEntry] = []
    previous = None
    for record in records:
        if previous is None:
            entries.append(PublicHistoryEntry(when=record["history_date"], kind="created"))
        elif record["publication"] == P.WITHDRAWN:
            if previous["publication"] != P.WITHDRAWN:
                withdrawn = PublicHistoryEntry(when=record["history_date"], kind="withdrawn")
                withdrawn.reason = DataText(record["withdrawn_reason"])
                entries.append(withdrawn)
        elif previous["publication"] == P.WITHDRAWN:
            entries.append(PublicHistoryEntry(when=record["history_date"], kind="republished"))
        else:
            changes = []
            for name in fields:
                old, new = previous[column[name]], record[column[name]]
                if old != new:
                    changes.append(
                        (
                            str(register_column(name).verbose_name),
                            _public_display(name, old, parents),
                            _public_display(name, new, parents),
                        )
                    )
            if changes:
                entries.append(
                    PublicHistoryEntry(when=record["history_date"], kind="changed", changes=changes)
                )
        previous = record
    entries.reverse()
    return entries


def register_column(name: str) -> "Field[Any, Any]":
    """A field of the register with a column of its own (every public field has one)."""
    model_field = AIDeployment._meta.get_field(name)
    if not isinstance(model_field, Field):
        raise TypeError(f"{name} is a relation's reverse side, not a column")
    return model_field


def _public_display(name: str, value: object, parents: dict[int, str]) -> str:
    """A public field's value for the version history: a choice in the reader's language, what
    the reporter wrote as DataText (the page marks it with the entry's language)."""
    if value in (None, ""):
        return "–"
    if name == "parent":
        return DataText(parents[value]) if value in parents else "–"
    model_field = register_column(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, (CharField, TextField)):
        return DataText(value)
    return str(value)


BAR_HEIGHT = 28
BAR_GAP = 8
LABEL_WIDTH = 240
BAR_MAX = 420


@dataclass
class Bar:
    label: str
    count: int
    y: int = 0
    width: int = 0
    text_x: int = 0
    text_y: int = 0


@dataclass
class Chart:
    key: str
    title: str
    bars: list[Bar]
    height: int = 0
    total: int = 0
    width: int = LABEL_WIDTH + BAR_MAX + 60


def _chart(
    key: str, title: str, choices: Iterable[tuple[object, object]], counts: dict[Any, int]
) -> Chart:
    bars = [Bar(label=str(label), count=counts.get(value, 0)) for value, label in choices]
    top = max((bar.count for bar in bars), default=0) or 1
    for index, bar in enumerate(bars):
        bar.y = index * (BAR_HEIGHT + BAR_GAP)
        bar.width = round(BAR_MAX * bar.count / top)
        bar.text_x = LABEL_WIDTH + bar.width + 6
        bar.text_y = bar.y + BAR_HEIGHT // 2 + 5
    return Chart(
        key=key,
        title=title,
        bars=bars,
        height=len(bars) * (BAR_HEIGHT + BAR_GAP),
        total=sum(bar.count for bar in bars),
    )


def deployment_stats() -> list[Chart]:
    """Systems per clinical area, phase and region, laid out as horizontal bar charts."""
    from django.utils.translation import gettext as _

    def counts(name: str) -> dict[Any, int]:
        return dict(
            AIDeployment.objects.order_by()
            .values(name)
            .annotate(n=Count("pk"))
            .values_list(name, "n")
        )

    return [
        _chart(
            "clinical_area",
            _("Systems per clinical area"),
            AIDeployment.ClinicalArea.choices,
            counts("clinical_area"),
        ),
        _chart("phase", _("Systems per phase"), AIDeployment.Phase.choices, counts("phase")),
        _chart("region", _("Systems per region"), AIDeployment.Region.choices, counts("region")),
    ]


def network_succession_preview(
    *, agency: Agency, successor: Agency, on: datetime.date
) -> list[SuccessionSection]:
    """Open escalations and register entries that pass to `successor` (move_to_successor)."""
    escalations = Escalation.objects.filter(
        responsible_agency=agency, status__in=Escalation.OPEN_STATUSES
    ).order_by("pk")
    deployments = AIDeployment.objects.filter(reporting_agency=agency).order_by("system", "pk")
    return [
        SuccessionSection(
            title=_("Open escalations"),
            headers=(_("Escalation"), _("Status"), _("Responsible now"), _("Responsible after")),
            rows=[
                (e.title, e.get_status_display(), agency.display_name, successor.display_name)
                for e in escalations
            ],
        ),
        SuccessionSection(
            title=_("AI systems in the register"),
            headers=(_("System"), _("Health trust"), _("Reported by now"), _("Reported by after")),
            rows=[
                (d.system, d.health_trust, agency.display_name, successor.display_name)
                for d in deployments
            ],
        ),
    ]


def meetings_open_for_agenda() -> QuerySet[Meeting]:
    """Upcoming meetings an escalation may be put on (not held, not cancelled)."""
    return (
        Meeting.objects.select_related("body")
        .filter(
            starts_at__gte=timezone.now(),
            status__in=(Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED),
        )
        .order_by("starts_at")
    )
