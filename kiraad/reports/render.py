"""Render report HTML to PDF with WeasyPrint, fetching nothing from anywhere."""

import logging

logger = logging.getLogger(__name__)


class FetchRefused(Exception):
    """Raised for every URL the renderer is asked to fetch."""


def refuse_all_fetcher(url: str, *args, **kwargs):
    """A WeasyPrint url_fetcher that refuses every URL: no network, no file://, nothing."""
    logger.warning("report renderer refused to fetch %r", url[:200])
    raise FetchRefused(url)


def render_pdf(html: str, *, as_of, title: str, url_fetcher=None) -> bytes:
    """HTML → PDF bytes, with metadata dates fixed from `as_of` so reruns are byte-identical."""
    from weasyprint import HTML

    if url_fetcher is None:
        url_fetcher = globals()["refuse_all_fetcher"]
    document = HTML(string=html, url_fetcher=url_fetcher, base_url=None).render()
    stamp = as_of.strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = document.metadata
    meta.title = title
    meta.created = stamp
    meta.modified = stamp
    meta.generator = "KI-rådet"
    try:
        return document.write_pdf(pdf_tags=True, uncompressed_pdf=False)
    except TypeError:
        return document.write_pdf()
