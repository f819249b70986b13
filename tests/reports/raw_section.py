"""A report section provider for the hostile-text test that (wrongly) emits user text as raw
HTML, so the URL fetcher — the last line of defence — is really exercised."""

from kiraad.reports.sections import ReportSection

HOSTILE_HTML: list[str] = []


def raw_section(*, as_of, period_start, period_end):
    return ReportSection(
        key="raw",
        title="Rå tekst",
        template="reports_test/raw.html",
        context={"raw": "".join(HOSTILE_HTML)},
        order=99,
    )
