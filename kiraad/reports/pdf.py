"""HTML to PDF with WeasyPrint, fetching nothing: no network, no file://, no data: URLs.

Whatever a user typed into a measure, article or answer, the renderer never reads a URL. Fonts
come from fontconfig (DejaVu), styles are inline in the document, charts are inline SVG.
"""

import datetime
import logging

from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)


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


def render_pdf(
    html: str,
    *,
    as_of: datetime.datetime,
    fetcher: RefusingURLFetcher | None = None,
) -> bytes:
    """Render `html` to PDF bytes. The document's dates are fixed to `as_of` and the PDF
    identifier is derived from the content, so the same HTML gives the same bytes."""
    fetcher = fetcher or RefusingURLFetcher()
    document = HTML(string=html, base_url="about:blank", url_fetcher=fetcher)
    stamp = timezone.localtime(as_of).replace(microsecond=0).isoformat()
    rendered = document.render()
    rendered.metadata.created = stamp
    rendered.metadata.modified = stamp
    return rendered.write_pdf(pdf_identifier=b"kiraad-status-report", **pdf_options())
