"""The measures list: its filter form and rows, prepared in Python and shared through the page
cache; and the rows of its CSV export.

The template engine resolved ~1,700 variables and ran ~1,000 translations to draw fifty rows
(≈50 ms of CPU per page at ten times the real volume), and ~1,500 variables even once the rows
carried ready strings: the rows below carry their cells as ready HTML (ROW_HEAD, ROW_TAIL), so
the template only places them and adds the link decided per user.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kiraad.content_lang import wrap
from kiraad.models import Agency
from kiraad.page_cache import page_cache_get_or_build, page_cache_key
from kiraad.pagination import KeysFirstPaginator
from kiraad.templatetags.content_lang import content_lang
from measures import selectors
from measures.models import Measure, MeasureOwner, Plan, StatusUpdate
from measures.templatetags.measure_tags import status_tags

PAGE_SIZE = 50
# Every table the cached listing is built from; each has a data-version trigger
# (measures/migrations/0002_data_version_triggers.py), checked by tests/measures/test_list_cache.py.
LIST_SOURCES = (Measure, MeasureOwner, StatusUpdate, Plan, Agency)
# The first part of the cache key, with the version of what an entry holds: after a deploy that
# changes MeasureListing or MeasureRow, an entry pickled by the old code (read for up to
# PAGE_CACHE_SECONDS) would give rows without their cells (tests/measures/test_list_cache.py).
LIST_CACHE_NAME = "measures-list-2"


# The list's columns: key, header, sortable. A cell repeats its column's header (data-label, for
# narrow screens).
LIST_COLUMNS = [
    ("number", gettext_lazy("Number"), True),
    ("priority", gettext_lazy("Priority"), True),
    ("title", gettext_lazy("Title"), True),
    ("area", gettext_lazy("Area"), False),
    ("owners", gettext_lazy("Owners"), False),
    ("status", gettext_lazy("Status"), True),
    ("progress", gettext_lazy("Progress"), True),
    ("due", gettext_lazy("Due"), True),
    ("updated", gettext_lazy("Last updated"), True),
]

# A row's cells, written here rather than by the template: fifty rows of nine cells were ~1,500
# template variables, half of what a page cost even from the page cache. The template writes the
# title cell around ROW_TITLE, adding the «Post update» link, which is decided per user
# (templates/measures/measure_list.html).
ROW_HEAD = (
    '<td class="portal-nowrap" data-label="{number_label}">{number}</td>\n'
    '      <td class="portal-nowrap" data-label="{priority_label}">{priority}</td>'
)
ROW_TITLE = (
    '<a class="ds-link" href="{url}"{nb}>{title}</a>\n        <br><small>{plan} · {kind}</small>'
)
ROW_TAIL = (
    '<td data-label="{area_label}"{nb}>{area}</td>\n'
    '      <td data-label="{owners_label}">{owners}</td>\n'
    '      <td data-label="{status_label}">{tags}</td>\n'
    '      <td class="portal-nowrap" data-label="{progress_label}">{progress} %</td>\n'
    '      <td{due_attrs} data-label="{due_label}">{due}</td>\n'
    '      <td data-label="{updated_label}"><span class="portal-nowrap">{updated}</span>'
    "{updated_by}</td>"
)


@dataclass(frozen=True, slots=True)
class MeasureRow:
    pk: int
    update_url: str  # empty for a closed measure; shown only to those who may post on it
    head: SafeString  # ROW_HEAD: the cells before the title cell
    title: SafeString  # ROW_TITLE: what the title cell shows to everyone
    tail: SafeString  # ROW_TAIL: the cells after the title cell


def measure_rows(
    measures: list[Measure], owners: dict[int, list[tuple[str, bool]]]
) -> list[MeasureRow]:
    """The same for every user: who may post an update is decided per request. `owners` is
    selectors.measure_list_owners for these measures. Built per language (the page cache's key
    has it): the headers are translated, and data is marked Norwegian on English pages.

    Fifty rows repeat a handful of statuses, plans and kinds, and two URLs that differ only in
    the key: each is built once per page (reverse(), format_html and the date format per row
    were a third of what a cold page cost to build)."""
    labels = {f"{key}_label": conditional_escape(label) for key, label, _sortable in LIST_COLUMNS}
    nb = content_lang()
    lead = _("lead")
    kinds = dict(Measure.Kind.choices)
    detail_url = _url_with_pk("measures:measure-detail")
    update_url = _url_with_pk("measures:measure-update")
    short_date = get_format("SHORT_DATE_FORMAT")
    tags: dict[tuple[str, str, bool], str] = {}
    plans: dict[int, str] = {}
    rows = []
    for m in measures:
        names = [f"{name} ({lead})" if is_lead else name for name, is_lead in owners.get(m.pk, ())]
        latest = m.latest_update
        updated, updated_by = "–", ""
        if latest is not None:
            updated = dateformat.format(localtime(latest.created_at), short_date)
            if latest.agency:
                updated_by = format_html(" ({})", latest.agency.display_name)
        if m.due_date:
            due, due_attrs = dateformat.format(m.due_date, short_date), ' class="portal-nowrap"'
        else:  # a date never wraps; an indicative deadline is Norwegian text and may
            due, due_attrs = m.indicative_deadline or "–", nb
        status = (m.status, m.health, m.latest_update_id is not None)
        if status not in tags:
            tags[status] = status_tags(*status)
        if m.plan_id not in plans:
            plans[m.plan_id] = wrap(conditional_escape(str(m.plan)))  # the name is Norwegian data
        head = format_html(ROW_HEAD, number=m.number, priority=str(m.priority or "–"), **labels)
        title = format_html(
            ROW_TITLE,
            url=detail_url(m.pk),
            nb=nb,
            title=m.title,
            plan=plans[m.plan_id],
            kind=kinds.get(m.kind, m.kind),
        )
        tail = format_html(
            ROW_TAIL,
            nb=nb,
            area=m.area or "–",
            owners=", ".join(names) or "–",
            tags=tags[status],
            progress=m.progress,
            due_attrs=mark_safe(due_attrs),  # noqa: S308 (a fixed attribute or content_lang())
            due=due,
            updated=updated,
            updated_by=updated_by,
            **labels,
        )
        update = update_url(m.pk) if m.is_open else ""
        rows.append(MeasureRow(pk=m.pk, update_url=update, head=head, title=title, tail=tail))
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

    key = page_cache_key(LIST_CACHE_NAME, LIST_SOURCES, params.urlencode())
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
