"""The PDF itself: A4, tagged for assistive technology, fonts embedded, a table of contents with
page numbers, Norwegian metadata, and a chart of the measures."""

import io

import pydyf
import pypdf
import pytest
import time_machine
import weasyprint.document
import weasyprint.html
import weasyprint.pdf.tags

from kiraad.models import StatusReport
from kiraad.reports import pdf, services
from kiraad.reports.builder import build_html
from kiraad.reports.charts import bar_chart
from kiraad.reports.pdf import render_pdf
from tests.measures.factories import MeasureFactory
from tests.reports.conftest import PERIOD, at

pytestmark = pytest.mark.django_db

A4 = (595, 842)


@pytest.fixture
def rendered(cast, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            by=cast["secretariat"], period_start=PERIOD[0], period_end=PERIOD[1], as_of=at(20)
        )
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE, report.error
    with report.pdf.open("rb") as handle:
        data = handle.read()
    return report, pypdf.PdfReader(io.BytesIO(data))


def test_pdf_is_a4_tagged_with_embedded_fonts(rendered):
    report, reader = rendered
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == A4
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "nb"
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for desc in descendants:
                descriptor = desc.get_object()["/FontDescriptor"].get_object()
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts.add(str(descriptor["/FontName"]))
    assert any("DejaVu" in name for name in fonts), fonts
    assert reader.metadata.title == report.title
    assert reader.metadata["/CreationDate"].startswith("D:20260320")


def test_table_of_contents_has_page_numbers(rendered):
    _report, reader = rendered
    toc = " ".join(reader.pages[1].extract_text().split())
    # «Title …… 3» – a chapter title followed by its page number from target-counter()
    assert any(char.isdigit() for char in toc)
    assert reader.outline, "chapters become PDF bookmarks"
    assert len(reader.pages) >= 5


def test_measures_are_charted(cast, world):
    report = services.report_order(
        by=cast["secretariat"], period_start=PERIOD[0], period_end=PERIOD[1], as_of=at(20)
    )
    html = build_html(report)
    assert html.count("<svg") >= 2
    assert 'role="img"' in html


def test_bar_chart_escapes_labels_and_scales_bars():
    svg = bar_chart([("<b>x</b>", 4), ("y", 2), ("z", 0)], title="T & S")
    assert "<b>" not in svg
    assert "&lt;b&gt;" in svg
    assert "T &amp; S" in svg
    assert svg.count("<rect") == 3
    assert 'width="0"' in svg


def test_cached_page_references_change_no_byte_of_the_pdf(monkeypatch):
    """kiraad.reports.pdf caches pydyf's page references for speed; the tagged PDF, its links and
    bookmarks must come out exactly as from plain pydyf."""
    rows = "".join(f"<tr><td>{n}</td><td>Rad {n}</td></tr>" for n in range(300))
    html = (
        '<html lang="nb"><head><title>T</title></head><body>'
        '<p><a href="#end">Til slutten</a></p>'
        f"<h2>Tabell</h2><table><thead><tr><th>Nr.</th><th>Tekst</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        '<h2 id="end">Slutt</h2></body></html>'
    )
    assert pydyf.PDF.page_references.fget is pdf._cached_page_references
    cached = render_pdf(html, as_of=at(20))
    monkeypatch.setattr(pydyf.PDF, "page_references", pdf._UNCACHED_PAGE_REFERENCES)
    plain = render_pdf(html, as_of=at(20))
    assert len(pypdf.PdfReader(io.BytesIO(cached)).pages) > 3
    assert cached == plain


def test_memory_savers_change_no_byte_of_the_pdf(cast, world, monkeypatch):
    """The report's trimmed user-agent stylesheet, the layout bookkeeping freed after pagination,
    each page's boxes freed once tagged and objects serialised once while writing save memory
    and time, not output: the real report (lists with markers, contents with page numbers,
    tables, charts) comes out exactly as from plain WeasyPrint and pydyf, and pydyf is left as
    it was."""
    report = services.report_order(
        by=cast["secretariat"], period_start=PERIOD[0], period_end=PERIOD[1], as_of=at(20)
    )
    html = build_html(report)
    assert "<li>" in html
    assert "<svg" in html
    assert "<table" in html
    assert pdf._report_ua_stylesheet() is not weasyprint.html.UA_STYLESHEET
    assert weasyprint.document.layout_document is pdf._layout_document_released
    saved = render_pdf(html, as_of=report.as_of)
    for cls, prop in pdf._UNCACHED_DATA.items():
        assert cls.__dict__["data"] is prop
    monkeypatch.setattr(pdf.ReportHTML, "_ua_stylesheets", weasyprint.HTML._ua_stylesheets)
    monkeypatch.setattr(weasyprint.document, "layout_document", pdf._UNRELEASED_LAYOUT_DOCUMENT)
    monkeypatch.setattr(pdf, "_data_once", lambda prop: prop)
    monkeypatch.setattr(weasyprint.pdf.tags, "_build_box_tree", pdf._UNFREED_BUILD_BOX_TREE)
    plain = render_pdf(html, as_of=report.as_of)
    assert saved == plain


def test_table_cells_never_split_a_word(cast, agencies, world, django_capture_on_commit_callbacks):
    """«Helsedirektorate t» (issue 21): every word of the measures table reads whole in the PDF,
    including a long title word, the owner's name and the codes."""
    with time_machine.travel(at(2), tick=False):
        measure = MeasureFactory(
            owned_by=agencies["HDIR"],
            title="Kompetansebehov i spesialisthelsetjenesten og koordineringsprosjektet",
        )
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            by=cast["secretariat"], period_start=PERIOD[0], period_end=PERIOD[1], as_of=at(20)
        )
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE, report.error
    with report.pdf.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    words = set()
    for page in reader.pages:
        words.update(page.extract_text().split())
    for word in (
        "spesialisthelsetjenesten",
        "koordineringsprosjektet",
        "Helsedirektoratet",
        measure.number,
        "TB2026-7",
    ):
        assert word in words, f"{word!r} is split in the PDF"
