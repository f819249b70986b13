"""The measures list: its filter form and rows, prepared in Python and shared through the page
cache; and the rows of its CSV export.

The template engine resolved ~1,700 variables and ran ~1,000 translations to draw fifty rows
(≈50 ms of CPU per page at ten times the real volume); the rows below carry ready strings, so
the template only places them.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kiraad.content_lang import wrap
from kiraad.models import Agency
from kiraad.page_cache import page_cache_get_or_build, page_cache_key
from kiraad.pagination import KeysFirstPaginator
from measures import selectors
from measures.models import Measure, MeasureOwner, Plan, StatusUpdate
from measures.templatetags.measure_tags import status_tags

PAGE_SIZE = 50
# Every table the cached listing is built from; each has a data-version trigger
# (measures/migrations/0002_data_version_triggers.py), checked by tests/measures/test_list_cache.py.
LIST_SOURCES = (Measure, MeasureOwner, StatusUpdate, Plan, Agency)


@dataclass(frozen=True, slots=True)
class MeasureRow:
    pk: int
    number: str
    priority: str
    title: str
    url: str
    plan_and_kind: str  # HTML made by format_html (safe)
    update_url: str  # empty for a closed measure; shown only to those who may post on it
    area: str
    owners: str
    tags: str  # HTML made by format_html (safe)
    progress: int
    due: str
    due_is_date: bool  # a date never wraps; an indicative deadline is text and may
    updated: str
    updated_by: str


def measure_rows(measures: list[Measure]) -> list[MeasureRow]:
    """The same for every user: who may post an update is decided per request."""
    lead = _("lead")
    kinds = dict(Measure.Kind.choices)
    rows = []
    for m in measures:
        owners = [
            f"{o.agency.display_name} ({lead})" if o.is_lead else o.agency.display_name
            for o in m.owners.all()
        ]
        latest = m.latest_update
        updated, updated_by = "–", ""
        if latest is not None:
            updated = date_format(localtime(latest.created_at), "SHORT_DATE_FORMAT")
            if latest.agency:
                updated_by = latest.agency.display_name
        if m.due_date:
            due = date_format(m.due_date, "SHORT_DATE_FORMAT")
        else:
            due = m.indicative_deadline or "–"
        rows.append(
            MeasureRow(
                pk=m.pk,
                number=m.number,
                priority=str(m.priority or "–"),
                title=m.title,
                url=reverse("measures:measure-detail", args=[m.pk]),
                # Built per language (the cache key has it): the plan's name is Norwegian data.
                plan_and_kind=format_html("{} · {}", wrap(str(m.plan)), kinds.get(m.kind, m.kind)),
                update_url=reverse("measures:measure-update", args=[m.pk]) if m.is_open else "",
                area=m.area or "–",
                owners=", ".join(owners) or "–",
                tags=status_tags(m.status, m.health, m.latest_update_id),
                progress=m.progress,
                due=due,
                due_is_date=bool(m.due_date),
                updated=updated,
                updated_by=updated_by,
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class MeasureListing:
    filter_fields: SafeString
    count: int
    number: int  # the page shown, after an out-of-range number was corrected
    rows: list[MeasureRow]


def measure_listing(params: QueryDict) -> MeasureListing:
    """The filtered, sorted page the parameters ask for (`page` among them)."""

    def build() -> MeasureListing:
        filterset, measures = selectors.measure_list(params=params)
        page = KeysFirstPaginator(measures, PAGE_SIZE).get_page(params.get("page"))
        fields = render_to_string("measures/measure_list.html#filter_fields", {"filter": filterset})
        return MeasureListing(
            filter_fields=fields,
            count=page.paginator.count,
            number=page.number,
            rows=measure_rows(list(page.object_list)),
        )

    key = page_cache_key("measures-list", LIST_SOURCES, params.urlencode())
    return page_cache_get_or_build(key, build)


EXPORT_HEADER = (
    gettext_lazy("Plan"),
    gettext_lazy("Number"),
    gettext_lazy("Priority"),
    gettext_lazy("Area"),
    gettext_lazy("Kind"),
    gettext_lazy("Title"),
    gettext_lazy("Owners"),
    gettext_lazy("Lead"),
    gettext_lazy("Status"),
    gettext_lazy("Progress (%)"),
    gettext_lazy("Health"),
    gettext_lazy("Due date"),
    gettext_lazy("Indicative deadline"),
    gettext_lazy("Merged into"),
    gettext_lazy("Last updated"),
)


def measure_export_rows(measures: Iterable[Measure]) -> Iterator[list[object]]:
    """One CSV row per measure, in the order of EXPORT_HEADER."""
    for m in measures:
        owners = list(m.owners.all())
        lead = next((o.agency.code for o in owners if o.is_lead), "")
        merged = m.merged_into.number if m.merged_into is not None else m.merged_into_external
        yield [
            m.plan.key,
            m.number,
            m.priority or "",
            m.area,
            m.get_kind_display(),
            m.title,
            ", ".join(o.agency.code for o in owners),
            lead,
            m.status_label,
            m.progress,
            m.get_health_display(),
            m.due_date.isoformat() if m.due_date else "",
            m.indicative_deadline,
            merged,
            m.latest_update.created_at.isoformat() if m.latest_update is not None else "",
        ]
