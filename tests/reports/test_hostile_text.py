"""The PDF renderer fetches nothing — no network, no file:// — whatever users typed (issue 8.8)."""

import copy
import socket
from pathlib import Path
from unittest import mock

import pytest

from kiraad import registry
from kiraad.models import StatusReport
from kiraad.reports import services
from kiraad.reports.pdf import RefusingURLFetcher, URLRefused, render_pdf
from tests.reports import raw_section
from tests.reports.conftest import PERIOD, at, post_update
from tests.reports.test_services import pdf_text

pytestmark = pytest.mark.django_db

PASSWD = '<img src="file:///etc/passwd">'
LOOPBACK = '<img src="http://127.0.0.1:9/x">'


@pytest.fixture
def listener():
    """A local TCP server: if the renderer connected to it, accept() would find the connection."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)
    yield server, f"http://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def assert_nobody_connected(server):
    with pytest.raises(BlockingIOError):
        server.accept()


def spy_fetcher():
    calls: list[tuple[str, BaseException | None]] = []
    original = RefusingURLFetcher.fetch

    def fetch(self, url, headers=None):
        try:
            return original(self, url, headers)
        except BaseException as exc:
            calls.append((url, exc))
            raise
        calls.append((url, None))  # pragma: no cover (never reached: every URL is refused)
        return None

    return calls, mock.patch.object(RefusingURLFetcher, "fetch", fetch)


def test_the_fetcher_refuses_every_url():
    fetcher = RefusingURLFetcher()
    for url in ("file:///etc/passwd", "http://127.0.0.1:9/x", "https://example.org/", "data:,x"):
        with pytest.raises(URLRefused):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 4


def test_raw_html_is_refused_and_nothing_is_read(listener):
    server, base = listener
    html = (
        f"<html><head><link rel=stylesheet href='{base}/s.css'></head><body><p>Rapport</p>"
        f"{PASSWD}{LOOPBACK}<img src='{base}/pixel.png'>"
        "<svg><image href='file:///etc/passwd'/></svg></body></html>"
    )
    fetcher = RefusingURLFetcher()
    pdf = render_pdf(html, as_of=at(20), fetcher=fetcher)
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1:9/x" in fetcher.refused
    assert f"{base}/s.css" in fetcher.refused
    assert b"root:" not in pdf
    assert_nobody_connected(server)


@pytest.fixture
def raw_section_registered():
    registry.report_sections.add(raw_section.raw_section, order=99)
    yield
    registry.report_sections.remove("tests.reports.raw_section.raw_section")


def test_hostile_text_in_measures_never_reaches_the_network_or_disk(
    cast, world, settings, listener, django_capture_on_commit_callbacks, raw_section_registered
):
    server, base = listener
    probe = f'<img src="{base}/probe">'
    hostile = f"{PASSWD} {LOOPBACK} {probe}"
    measure = world["measure"]
    measure.description = hostile
    measure.title = f"Tiltak {PASSWD}"
    measure.save()
    post_update(world, cast, hostile, when=at(15))
    raw_section.HOSTILE_HTML[:] = [PASSWD, LOOPBACK, probe]
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = templates

    calls, patch = spy_fetcher()
    with patch, django_capture_on_commit_callbacks(execute=True):
        report = services.report_order(
            by=cast["secretariat"], period_start=PERIOD[0], period_end=PERIOD[1], as_of=at(20)
        )
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE, report.error

    refused = {url for url, exc in calls if isinstance(exc, URLRefused)}
    assert {"file:///etc/passwd", "http://127.0.0.1:9/x", f"{base}/probe"} <= refused
    assert all(isinstance(exc, URLRefused) for _url, exc in calls)
    text = pdf_text(report)
    # Escaped user text shows as text; nothing of the file was read into the PDF.
    assert 'src="file:///etc/passwd"' in text
    assert "root:" not in text
    report.pdf.open("rb")
    try:
        assert b"root:x:0:0" not in report.pdf.read()
    finally:
        report.pdf.close()
    assert_nobody_connected(server)
