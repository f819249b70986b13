"""The contract between the report builder and the apps that contribute sections.

Each app registers, in kiraad.registry.report_sections from its AppConfig, functions

    section(*, as_of: datetime, period_start: date, period_end: date) -> ReportSection | None

that reads its app's data *as of* `as_of` (django-simple-history's `history.as_of()` or the
historical tables), so a report rebuilt later says the same thing. The section's template is
rendered inside the report's HTML with `section.context` as `section`.
"""

from dataclasses import dataclass, field


@dataclass
class ReportSection:
    """One chapter of the status report to HOD."""

    key: str
    title: str
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
    # False when the app had nothing recorded as of the report's date (no measures yet, an empty
    # register): the chapter says so and the report warns on its title page.
    found: bool = True
