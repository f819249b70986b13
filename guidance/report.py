"""The guidance chapter of the HOD status report, read from history as of the report's date."""

import datetime

from django.utils.translation import gettext as _

from guidance.selectors.themes import report_figures
from kiraad.reports.sections import ReportSection


def guidance_section(
    *, as_of: datetime.datetime, period_start: datetime.date, period_end: datetime.date
) -> ReportSection:
    """Requests and guidance meetings in the period, answers, median answer time, unclear rules."""
    figures = report_figures(as_of=as_of, period_start=period_start, period_end=period_end)
    return ReportSection(
        key="guidance",
        title=_("Inter-agency regulatory guidance"),
        template="guidance/report_section.html",
        context={"figures": figures},
        order=40,
    )
