"""HTML to PDF with WeasyPrint, fetching nothing: no network, no file://, no data: URLs.

Whatever a user typed into a measure, article or answer, the renderer never reads a URL. Fonts
come from fontconfig (DejaVu), styles are inline in the document, charts are inline SVG.
"""

import contextlib
import datetime
import functools
import gc
import logging
import re
from collections.abc import Callable

import pydyf
import weasyprint.document
import weasyprint.html
import weasyprint.pdf.tags
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.document import Page
from weasyprint.formatting_structure import boxes
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)

_UNCACHED_PAGE_REFERENCES = pydyf.PDF.page_references


def _cached_page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """`PDF.page_references`, rebuilt only when a page has been added.

    pydyf builds the tuple of every page's reference anew on each read, and WeasyPrint's
    tagging reads it once for every structure element (every cell and line of text) to take
    one page: work of pages × elements, a third of the time spent writing a 200-page report.
    The values are the same, and so are the PDF's bytes; only the rebuilding is saved.
    """
    kids = pdf.pages["Kids"]
    key = (id(kids), len(kids))
    cached = pdf.__dict__.get("_kiraad_page_references")
    if cached is None or cached[0] != key:
        cached = (key, _UNCACHED_PAGE_REFERENCES.fget(pdf))
        pdf.__dict__["_kiraad_page_references"] = cached
    return cached[1]


pydyf.PDF.page_references = property(_cached_page_references)

_UNCACHED_DATA = {
    cls: cls.__dict__["data"] for cls in (pydyf.Dictionary, pydyf.Stream, pydyf.Array)
}


def _data_once(uncached: property) -> property:
    serialise: Callable[[pydyf.Object], bytes] = uncached.__get__

    def data(obj):
        if obj.number is None:  # a direct object, inside another one: read once anyway
            return serialise(obj)
        cached = obj.__dict__.get("_kiraad_data")
        if cached is None:
            cached = obj.__dict__["_kiraad_data"] = serialise(obj)
        return cached

    return property(data)


@contextlib.contextmanager
def _serialised_once_when_written():
    """Every indirect object serialised (and compressed) once while the PDF is written.

    With a file identifier, pydyf serialises every object a second time after writing it,
    to hash the whole file for the /ID: each page's content stream and the stream of all
    structure elements compressed again at level 9, and each of the 100,000 structure
    elements of a 200-page report formatted again. Nothing changes an object while the file
    is written, so its bytes are kept from the first time: the same file, one pass less.
    `_release_layout` turns this on once the PDF objects are built, just before writing;
    it is turned off when `write_pdf` returns (the worker renders one report at a time).
    """
    try:
        yield
    finally:
        for cls, prop in _UNCACHED_DATA.items():
            cls.data = prop


_UNJOINED_PAINT = Page.paint


def _paint_joined(page: Page, stream: pydyf.Stream, scale: float = 1) -> None:
    """`Page.paint`, then the page's content stream held as one byte string.

    pydyf keeps a content stream as a list of operators (one small bytes object for every
    move, glyph run and marked-content tag) until the whole PDF is written: millions of
    objects for a 200-page report, held while the next pages are painted and tagged. Nothing
    adds to a page's stream after it is painted, and pydyf writes the list joined with
    newlines, so joining it here gives the same bytes in a fraction of the memory.
    """
    _UNJOINED_PAINT(page, stream, scale)
    stream.stream = [b"\n".join(pydyf._to_bytes(item) for item in stream.stream)]


Page.paint = _paint_joined

_UNFREED_BUILD_BOX_TREE = weasyprint.pdf.tags._build_box_tree


def _build_box_tree_then_free_page(box, *args, **kwargs):
    """WeasyPrint's tagging of a box; once a whole page is tagged, its boxes are freed.

    Tags are built page by page after every page is painted, and a page's boxes are not
    read again: freed as soon as its structure elements exist, their memory holds the
    structure elements of the pages after it instead of adding to it.
    """
    yield from _UNFREED_BUILD_BOX_TREE(box, *args, **kwargs)
    if isinstance(box, boxes.PageBox):
        box.children = []


weasyprint.pdf.tags._build_box_tree = _build_box_tree_then_free_page

_UNRELEASED_LAYOUT_DOCUMENT = weasyprint.document.layout_document


def _layout_document_released(html, root_box, context, *args, **kwargs):
    """`layout_document`, then the layout's bookkeeping freed once the last page is made.

    The laid-out pages are copies of the document's box tree. The original tree stays
    reachable after layout through the layout context (the chart images keep it): the
    targets of the contents' page numbers («#s1-measures») hold the original sections, and
    the table cache the original tables, so a second copy of every row, cell and line lives
    on until the PDF is written, a third of all boxes. Nothing reads them after pagination:
    painting needs the pages, and the charts only the context's fonts and image fetcher.
    """
    yield from _UNRELEASED_LAYOUT_DOCUMENT(html, root_box, context, *args, **kwargs)
    context.target_collector.target_lookup_items.clear()
    context.target_collector.counter_lookup_items.clear()
    context.tables.clear()
    context._excluded_shapes.clear()
    context.running_elements.clear()
    context.broken_out_of_flow.clear()


weasyprint.document.layout_document = _layout_document_released


# The user-agent stylesheet's rules that match every element of the document: `::marker` and
# the five footnote and note pseudo-elements. WeasyPrint computes a style for each of them on
# every element that a rule matches (six extra styles for each of the 19,000 cells and rows
# of a 199-page report) and keeps them for the whole render: 140 of the 535 MiB held after
# laying out that report. The report has no footnotes or notes, and only list items have markers.
_UA_EVERY_ELEMENT = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}\n", re.MULTILINE)


@functools.cache
def _report_ua_stylesheet() -> CSS:
    """WeasyPrint's user-agent stylesheet, its pseudo-element rules kept where they apply.

    The same styles for every element the report has, so the same PDF; if a WeasyPrint
    upgrade changes these rules, the untouched stylesheet is used (more memory, same output).
    """
    text = weasyprint.html.UA
    trimmed = _UA_EVERY_ELEMENT.sub("", text.replace("\n::marker {", "\nli::marker {"))
    if trimmed.count("::") != text.count("::") - 5 or "\nli::marker {" not in trimmed:
        logger.warning("WeasyPrint's user-agent stylesheet changed; using it as it is")
        return weasyprint.html.UA_STYLESHEET
    # Its @counter-style rules are in WeasyPrint's own counter styles already (which every
    # render copies); read again into those they would be refused as redefinitions.
    return CSS(string=trimmed, counter_style=CounterStyle())


class ReportHTML(HTML):
    """An HTML document rendered with the report's user-agent stylesheet."""

    def _ua_stylesheets(self, forms=False):
        sheets = [_report_ua_stylesheet()]
        return [*sheets, weasyprint.html.UA_FORM_STYLESHEET] if forms else sheets


class URLRefused(ValueError):
    """The report renderer does not fetch URLs."""


class RefusingURLFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that refuses every URL and remembers which it refused."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.refused.append(url)
        logger.warning("report renderer refused to fetch %.200s", url)
        raise URLRefused(f"refused to fetch {url[:200]}")

    def open(self, url, data=None, timeout=None):
        return self.fetch(getattr(url, "full_url", url))


def pdf_options() -> dict:
    """WeasyPrint 70 options: a tagged PDF (PDF/UA structure) for screen readers."""
    return {"pdf_tags": True}


@contextlib.contextmanager
def _without_cyclic_gc():
    """Pause Python's cycle collector while WeasyPrint works.

    A big report is millions of boxes, styles and PDF objects that live until the PDF is
    written; every full collection walks all of them again, about ten times for 130 pages
    (5 of 38 CPU seconds). Reference counting frees nearly all of it anyway: peak memory grew
    by 9 MiB with the collector paused.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _release_layout(rendered, pdf: pydyf.PDF) -> None:
    """Free the laid-out pages once their PDF objects are built, before they are written,
    and serialise each object once while writing (`_serialised_once_when_written`).

    WeasyPrint calls this between building the PDF objects and serialising them. Writing
    needs only the PDF objects, yet the pages' boxes (half the peak memory of a long report)
    would live on until `write_pdf` returns; freed here, serialising reuses their memory.
    """
    rendered.pages.clear()
    rendered._html = None
    for cls, prop in _UNCACHED_DATA.items():
        cls.data = _data_once(prop)


def render_pdf(
    html: str,
    *,
    as_of: datetime.datetime,
    fetcher: RefusingURLFetcher | None = None,
) -> bytes:
    """Render `html` to PDF bytes. The document's dates are fixed to `as_of` and the PDF
    identifier is derived from the content, so the same HTML gives the same bytes."""
    fetcher = fetcher or RefusingURLFetcher()
    document = ReportHTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    stamp = timezone.localtime(as_of).replace(microsecond=0).isoformat()
    with _without_cyclic_gc(), _serialised_once_when_written():
        rendered = document.render()
        rendered.metadata.created = stamp
        rendered.metadata.modified = stamp
        return rendered.write_pdf(
            pdf_identifier=b"kiraad-status-report", finisher=_release_layout, **pdf_options()
        )
