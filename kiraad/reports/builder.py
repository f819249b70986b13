"""Build the status report's HTML as of `report.as_of` (no "now" anywhere in the content)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.module_loading import import_string

from kiraad.models import AgendaItem, Meeting, StatusReport
from kiraad.reports.sections import ReportSection

COUNCIL_NAME = "KI-rådet for helse- og omsorgssektoren"


def council_section(*, as_of, period_start, period_end) -> ReportSection:
    """Council meetings held in the period and their decisions/advice, as of `as_of`."""
    meetings = (
        Meeting.history.as_of(as_of)
        .filter(starts_at__date__gte=period_start, starts_at__date__lte=period_end)
        .order_by("starts_at", "pk")
    )
    meeting_ids = [m.pk for m in meetings]
    items = (
        AgendaItem.history.as_of(as_of)
        .filter(meeting_id__in=meeting_ids)
        .exclude(outcome="")
        .order_by("meeting_id", "order", "pk")
    )
    by_meeting: dict[int, list] = {}
    for item in items:
        by_meeting.setdefault(item.meeting_id, []).append(item)
    rows = [{"meeting": m, "items": by_meeting.get(m.pk, [])} for m in meetings]
    return ReportSection(
        key="council",
        title="Rådsmøter og vedtak i perioden",
        template="reports/section_council.html",
        context={"meetings": rows},
        order=10,
    )


def build_sections(report: StatusReport) -> list[ReportSection]:
    """The kiraad section plus every provider in settings.REPORT_SECTIONS, in stable order."""
    kwargs = {
        "as_of": report.as_of,
        "period_start": report.period_start,
        "period_end": report.period_end,
    }
    sections = [council_section(**kwargs)]
    for dotted in getattr(settings, "REPORT_SECTIONS", []):
        section = import_string(dotted)(**kwargs)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda s: (s.order, s.key))


def build_html(report: StatusReport) -> str:
    """The full report HTML (title page, table of contents, sections)."""
    sections = build_sections(report)
    for section in sections:
        section.html = render_to_string(section.template, {"section": section.context})
    commissions = sorted(report.commissions.all(), key=lambda c: c.reference)
    return render_to_string(
        "reports/report.html",
        {
            "report": report,
            "council_name": COUNCIL_NAME,
            "sections": sections,
            "commissions": commissions,
        },
    )
