"""The measures list: its filter form and rows, prepared in Python and shared through the page
cache; and the rows of its CSV export.

The template engine resolved ~1,700 variables and ran ~1,000 translations to draw fifty rows
(≈50 ms of CPU per page at ten times the real volume); the rows below carry ready strings, so
the template only places them.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
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


def measure_rows(
    measures: list[Measure], owners: dict[int, list[tuple[str, bool]]]
) -> list[MeasureRow]:
    """The same for every user: who may post an update is decided per request. `owners` is
    selectors.measure_list_owners for these measures.

    Fifty rows repeat a handful of statuses, plans and kinds, and two URLs that differ only in
    the key: each is built once per page (reverse(), format_html and the date format per row
    were a third of what a cold page cost to build)."""
    lead = _("lead")
    kinds = dict(Measure.Kind.choices)
    detail_url = _url_with_pk("measures:measure-detail")
    update_url = _url_with_pk("measures:measure-update")
    short_date = get_format("SHORT_DATE_FORMAT")
    tags: dict[tuple[str, str, bool], str] = {}
    plans_and_kinds: dict[tuple[int, str], str] = {}
    rows = []
    for m in measures:
        names = [f"{name} ({lead})" if is_lead else name for name, is_lead in owners.get(m.pk, ())]
        latest = m.latest_update
        updated, updated_by = "–", ""
        if latest is not None:
            updated = dateformat.format(localtime(latest.created_at), short_date)
            if latest.agency:
                updated_by = latest.agency.display_name
        if m.due_date:
            due = dateformat.format(m.due_date, short_date)
        else:
            due = m.indicative_deadline or "–"
        status = (m.status, m.health, m.latest_update_id is not None)
        if status not in tags:
            tags[status] = status_tags(*status)
        plan_and_kind = (m.plan_id, m.kind)
        if plan_and_kind not in plans_and_kinds:
            # Built per language (the cache key has it): the plan's name is Norwegian data.
            plans_and_kinds[plan_and_kind] = format_html(
                "{} · {}", wrap(str(m.plan)), kinds.get(m.kind, m.kind)
            )
        rows.append(
            MeasureRow(
                pk=m.pk,
                number=m.number,
                priority=str(m.priority or "–"),
                title=m.title,
                url=detail_url(m.pk),
                plan_and_kind=plans_and_kinds[plan_and_kind],
                update_url=update_url(m.pk) if m.is_open else "",
                area=m.area or "–",
                owners=", ".join(names) or "–",
                tags=tags[status],
                progress=m.progress,
                due=due,
                due_is_date=bool(m.due_date),
                updated=updated,
                updated_by=updated_by,
            )
        )
    return rows


def _url_with_pk(name: str) -> Callable[[int], str]:
    """`reverse(name, args=[pk])` for any pk, with the URL resolved once."""
    marker = "2147483647"
    head, _marker, tail = reverse(name, args=[int(marker)]).rpartition(marker)
    return lambda pk: f"{head}{pk}{tail}"


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
        rows = selectors.measure_list_rows(measures)
        page = KeysFirstPaginator(rows, PAGE_SIZE).get_page(params.get("page"))
        fields = render_to_string("measures/measure_list.html#filter_fields", {"filter": filterset})
        shown = list(page.object_list)
        owners = selectors.measure_list_owners(measure_ids=[m.pk for m in shown])
        return MeasureListing(
            filter_fields=fields,
            count=page.paginator.count,
            number=page.number,
            rows=measure_rows(shown, owners),
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
