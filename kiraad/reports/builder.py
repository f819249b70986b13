"""The status report's HTML, built from history *as of* the report's date.

Nothing here reads the clock: every fact comes from django-simple-history or append-only logs at
`report.as_of`, lists are sorted on stable keys, so rebuilding a report gives the same text.
"""

import datetime
import inspect
import logging
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kiraad import registry
from kiraad.models import ActionItem, Agency, AgendaItem, Body, Commission, Meeting, StatusReport
from kiraad.reports.charts import bar_chart
from kiraad.reports.sections import ReportSection

logger = logging.getLogger(__name__)

HELD_STATUSES = {Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED}


@dataclass
class MeetingRecord:
    title: str
    number: str
    body: str
    starts_at: datetime.datetime
    status: str
    items: list[dict] = field(default_factory=list)


@dataclass
class ActionRecord:
    title: str
    meeting: str
    owner: str
    due_date: datetime.date | None
    status: str
    overdue: bool
    sort_key: tuple = ()


@dataclass
class RenderedSection:
    key: str
    title: str
    html: str
    anchor: str
    found: bool = True


def previous_report(report: StatusReport) -> StatusReport | None:
    """The last report that was done before this one was ordered (stable across rebuilds)."""
    return (
        StatusReport.objects.filter(
            state=StatusReport.State.DONE,
            as_of__lt=report.as_of,
            finished_at__lt=report.requested_at,
        )
        .exclude(pk=report.pk)
        .order_by("-as_of", "-pk")
        .first()
    )


def _commissions(report: StatusReport) -> list[dict]:
    wanted = set(report.commissions.values_list("pk", flat=True))
    agencies = {a.pk: a.display_name for a in Agency.history.as_of(report.as_of)}
    rows = [c for c in Commission.history.as_of(report.as_of) if c.pk in wanted]
    # A commission chosen for the report but recorded in the portal only after its date: use
    # its first recorded version (history is append-only, so this too is stable).
    missing = wanted - {c.pk for c in rows}
    if missing:
        first: dict[int, Any] = {}
        for record in Commission.history.filter(id__in=missing).order_by("history_date"):
            first.setdefault(record.id, record.instance)
        rows += list(first.values())
    rows.sort(key=lambda c: (c.year, c.reference, c.pk))
    return [
        {
            "reference": c.reference,
            "year": c.year,
            "title": c.title,
            "text": c.text,
            "agency": agencies.get(c.agency_id, ""),
            "deadline": c.deadline,
        }
        for c in rows
    ]


def _body_names(as_of: datetime.datetime) -> dict[int, str]:
    """Bodies by name as of the date; a body recorded in the portal only later (the seed's
    bodies, loaded after the meetings they held) by its first recorded name."""
    names = {b.pk: b.short_name or b.name for b in Body.history.as_of(as_of)}
    later = Body.history.exclude(id__in=names).order_by("-history_date", "-history_id")
    for record in later.only("id", "name", "short_name"):
        names[record.id] = record.short_name or record.name  # the earliest one is kept last
    return names


def _meetings(report: StatusReport) -> list[MeetingRecord]:
    as_of = report.as_of
    bodies = _body_names(as_of)
    status_labels = dict(Meeting.Status.choices)
    outcome_labels = dict(AgendaItem.OutcomeKind.choices)
    kind_labels = dict(AgendaItem.Kind.choices)
    meetings = {}
    for meeting in Meeting.history.as_of(as_of):
        day = timezone.localtime(meeting.starts_at).date()
        if meeting.status in HELD_STATUSES and report.period_start <= day <= report.period_end:
            meetings[meeting.pk] = MeetingRecord(
                title=meeting.title,
                number=meeting.number,
                body=bodies.get(meeting.body_id, ""),
                starts_at=meeting.starts_at,
                status=str(status_labels.get(meeting.status, meeting.status)),
            )
    items = sorted(
        (i for i in AgendaItem.history.as_of(as_of) if i.meeting_id in meetings),
        key=lambda i: (i.meeting_id, i.order, i.pk),
    )
    for item in items:
        meetings[item.meeting_id].items.append(
            {
                "order": item.order,
                "title": item.title,
                "kind": str(kind_labels.get(item.kind, item.kind)),
                "outcome_kind": str(outcome_labels.get(item.outcome_kind, "")),
                "outcome": item.outcome,
            }
        )
    return sorted(meetings.values(), key=lambda m: (m.starts_at, m.number, m.title))


def _actions(report: StatusReport) -> list[ActionRecord]:
    """The council's follow-up actions as of the date: those still open then, and those from
    the meetings of the period, with their status then."""
    as_of = report.as_of
    on_date = timezone.localtime(as_of).date()
    meetings = {m.pk: m for m in Meeting.history.as_of(as_of)}
    agencies = {a.pk: a.display_name for a in Agency.objects.all()}
    labels = dict(ActionItem.Status.choices)
    rows = []
    for action in ActionItem.history.as_of(as_of):
        meeting = meetings.get(action.meeting_id)
        held_on = timezone.localtime(meeting.starts_at).date() if meeting else None
        is_open = action.status in ActionItem.OPEN_STATUSES
        if not is_open and not (held_on and report.period_start <= held_on <= report.period_end):
            continue
        rows.append(
            ActionRecord(
                title=action.title,
                meeting=(meeting.number or meeting.title) if meeting else "",
                owner=agencies.get(action.owner_agency_id, ""),
                due_date=action.due_date,
                status=str(labels.get(action.status, action.status)),
                overdue=bool(is_open and action.due_date and action.due_date < on_date),
                sort_key=(action.due_date or datetime.date.max, action.title, action.id),
            )
        )
    return sorted(rows, key=lambda row: row.sort_key)


def _accepts(provider, name: str) -> bool:
    parameters = inspect.signature(provider).parameters.values()
    return any(p.name == name or p.kind is p.VAR_KEYWORD for p in parameters)


def _charts(section: ReportSection) -> list:
    """Bar charts per plan for a section that counts measures by status and health."""
    charts = []
    for plan in section.context.get("plans", []) or []:
        by_status = getattr(plan, "by_status", None)
        if by_status:
            charts.append(
                {
                    "title": plan.title,
                    "status": bar_chart(by_status, title=_("Measures by status")),
                    "health": bar_chart(
                        getattr(plan, "by_health", []), title=_("Measures by health")
                    ),
                }
            )
    return charts


def sections(report: StatusReport) -> list[ReportSection]:
    """Every registered section (kiraad.registry), as of the report's date, in order."""
    previous = previous_report(report)
    found = []
    for provider in registry.report_sections.providers():
        kwargs: dict[str, Any] = {
            "as_of": report.as_of,
            "period_start": report.period_start,
            "period_end": report.period_end,
        }
        if _accepts(provider, "previous_as_of"):
            kwargs["previous_as_of"] = previous.as_of if previous else None
        section = provider(**kwargs)
        if section is not None:
            found.append(section)
    return sorted(found, key=lambda s: (s.order, s.key))


def build_context(report: StatusReport) -> dict:
    rendered = []
    chapters = sections(report)
    for index, section in enumerate(chapters, start=1):
        html = render_to_string(section.template, {"section": section.context})
        charts = _charts(section)
        if charts:
            html = render_to_string("reports/charts.html", {"charts": charts}) + html
        rendered.append(
            RenderedSection(
                key=section.key,
                title=section.title,
                html=html,
                anchor=f"s{index}-{section.key}",
                found=section.found,
            )
        )
    previous = previous_report(report)
    meetings = _meetings(report)
    actions = _actions(report)
    # The chapters that had nothing recorded by the date: the title page warns about them.
    empty = [s.title for s in rendered if not s.found]
    if not Meeting.history.filter(history_date__lte=report.as_of).exists():
        empty.insert(0, _("Council meetings"))
    if empty:
        logger.warning(
            "status report %s as of %s found nothing recorded for: %s",
            report.pk,
            report.as_of.isoformat(),
            ", ".join(empty),
        )
    return {
        "report": report,
        "as_of": timezone.localtime(report.as_of),
        "previous_as_of": timezone.localtime(previous.as_of) if previous else None,
        "commissions": _commissions(report),
        "meetings": meetings,
        "actions": actions,
        "sections": rendered,
        "empty": empty,
    }


def build_html(report: StatusReport) -> str:
    """The report's full HTML document, in Norwegian bokmål."""
    with translation.override("nb"):
        return render_to_string("reports/report.html", build_context(report))
