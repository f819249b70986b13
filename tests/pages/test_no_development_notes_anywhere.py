"""Issue 17, «Done means»: a text search of every page, PDF and CSV of the demo data for
«seed», «SEED-FACTS», «OCR» and «.json» finds nothing.

The seed and the demo data are loaded; the portal is crawled from its start pages by following
every link on the site (as the public, a representative, a network coordinator, the secretariat
and an admin in /admin/), each HTML page read as visible text, each PDF by its text (pypdf) and
each CSV as it is. The HOD status report is ordered and rendered, and its PDF read the same way.
"""

import io
import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pypdf
import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from kiraad.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FORBIDDEN = re.compile(r"seed|SEED-FACTS|\bOCR\b|\.json", re.IGNORECASE)
# Links that are not pages of the data: leaving, switching language, signed one-off tokens,
# static files and the media the pages link to are read where they are served.
SKIP = re.compile(
    r"^/(static|media)/|^/accounts/(logout|password|2fa|mfa|email)|^/i18n/|^/unsubscribe/"
    r"|/delete/|^/admin/(logout|password_change|jsi18n|r)/|/autocomplete/"
)
START = {
    "": ["/", "/kb/", "/guidance/ask/", "/register/"],
    "rep-hdir": ["/", "/tasks/", "/measures/"],
    "kin": ["/", "/tasks/", "/network/"],
    "sekretariat": ["/", "/tasks/", "/council/", "/reports/", "/guidance/", "/network/"],
    "admin": ["/admin/"],
}
LIMIT = 2500
# Pages of one route read the same fields of different rows; a few of each route (and every
# export and PDF) find a leaking field, and keep the crawl inside CI's time budget.
PER_ROUTE = 2


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def _text(response) -> str:
    content = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    kind = response.get("Content-Type", "")
    if "pdf" in kind:
        reader = pypdf.PdfReader(io.BytesIO(content))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if "html" in kind:
        return _visible_text(content.decode())
    return content.decode(errors="replace")


def _links(html: str) -> list[str]:
    out = []
    for href in re.findall(r'(?:href|hx-get)="([^"]+)"', html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        # Filters, sorting and pages of a list show the same rows as the list itself; exports
        # and the pages' own fragments are kept.
        if parts.query and not re.search(r"export|csv|format=|fragment=|page=2\b", href):
            href = parts.path
        if not SKIP.search(parts.path):
            out.append(href)
    return out


def _route(url: str) -> str:
    path = urlsplit(url).path
    try:
        match = resolve(path)
    except Resolver404:
        return path
    return f"{match.route}?{urlsplit(url).query}"


def crawl(client, start: list[str], errors: dict[str, str]) -> tuple[dict[str, list[str]], int]:
    seen, queue, found = set(start), deque(start), {}
    per_route: Counter[str] = Counter()
    while queue and len(seen) < LIMIT:
        url = queue.popleft()
        route = _route(url)
        per_route[route] += 1
        if per_route[route] > PER_ROUTE and not re.search(r"\.(pdf|csv)$|export|csv", url):
            continue
        try:
            response = client.get(url)
        except Exception as exc:  # a page that fails is a finding too, not the end of the crawl
            errors[url] = f"{type(exc).__name__}: {str(exc)[:200]}"
            continue
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and target not in seen and not SKIP.search(target):
                seen.add(target)
                queue.append(target)
            continue
        if response.status_code != 200:
            continue
        text = _text(response)
        hits = sorted({m.group(0) for m in FORBIDDEN.finditer(text)})
        if hits:
            found[url] = [*hits, *_context(text)]
        if "html" in response.get("Content-Type", ""):
            for link in _links(response.content.decode()):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
    return found, len(seen)


def _context(text: str) -> list[str]:
    return [text[max(m.start() - 60, 0) : m.end() + 60] for m in FORBIDDEN.finditer(text)][:3]


@pytest.fixture
def demo(db, settings):
    settings.PAGE_CACHE = False
    call_command("load_seed_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)


def _order_report() -> None:
    """The HOD status report of the demo data, rendered as the worker does."""
    import datetime

    from django.utils import timezone

    from kiraad.reports import services

    today = timezone.localdate()
    report = services.report_order(
        by=User.objects.get(username="sekretariat"),
        period_start=datetime.date(today.year - 1, 1, 1),
        period_end=today,
        as_of=today,
        commissions=None,
    )
    services.report_render(report_id=report.pk)


# The admin's history pages (django-simple-history) call select_related() without fields, and
# several admin change pages read related rows one by one: the crawl reads their text, those
# are findings of their own (the pinned query counts cover the portal's pages).
@pytest.mark.filterwarnings("ignore::django.utils.deprecation.RemovedInDjango2028Warning")
def test_no_page_pdf_or_csv_of_the_demo_data_names_the_seed_files(client, demo, settings):
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if "zeal" not in name]
    _order_report()
    found, errors, crawled = {}, {}, 0
    for username, start in START.items():
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        hits, count = crawl(client, start, errors)
        found |= {f"{username or 'public'} {url}": h for url, h in hits.items()}
        crawled += count
    assert found == {}
    summary = sorted(
        {f"{re.sub(r'/[0-9]+/', '/N/', url)} {error[:100]}" for url, error in errors.items()}
    )
    assert errors == {}, "\n".join(summary)
    assert crawled > 300
