"""Render report HTML to PDF with WeasyPrint, fetching nothing from anywhere."""

import logging

from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)


class FetchRefused(Exception):
    """Raised for every URL the renderer is asked to fetch."""


def refuse(url: str) -> None:
    """Log and refuse one URL (tests spy on this function)."""
    logger.warning("report renderer refused to fetch %r", url[:200])
    raise FetchRefused(url[:200])


class RefuseAllFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that refuses every URL: no network, no file://, no data:."""

    def __init__(self):
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        refuse(url)

    def __call__(self, url, *args, **kwargs):
        refuse(url)


def render_pdf(html: str, *, as_of, title: str) -> bytes:
    """HTML → PDF bytes, with metadata dates fixed from `as_of` so reruns are byte-identical."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=RefuseAllFetcher(), base_url=None).render()
    stamp = as_of.strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = document.metadata
    meta.title = title
    meta.created = stamp
    meta.modified = stamp
    meta.generator = "KI-rådet"
    meta.lang = "nb"
    return document.write_pdf(pdf_tags=True)
