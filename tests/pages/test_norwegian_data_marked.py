"""Issue 21: in the English interface every piece of Norwegian data sits inside an element with
`lang="nb"` (WCAG 3.1.2), so a screen reader reads it as Norwegian.

The seed and the demo data are loaded; each role's pages are read in English, following links
from its start pages (two pages per route pattern); from each page's body every
subtree marked `lang="nb"` is removed, and what is left must not contain the beginning of any
Norwegian text the data holds (measure titles and texts, the mandate, body names, meetings and
agenda items, status updates, requests, escalations…). Agency and person names are proper
names and are left out, as are the exports and PDFs (written in Norwegian throughout). Where the
<title> holds Norwegian data (an attribute or <title> cannot mark a part of itself), the page
must show it marked.

The pages with a history table are read for each role too, after a change to one record of
each kind whose recorded reason quotes Norwegian data: an agenda item's title and a meeting
(«Linked to agenda item «…» of …»), or what a person typed, whole or quoted by the portal's
sentence («closed: …»).
"""

import re
from collections import Counter, deque
from urllib.parse import urldefrag, urlsplit

import pytest
import tinyhtml5
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve

from kiraad.models import User

pytestmark = pytest.mark.django_db

XHTML = "{http://www.w3.org/1999/xhtml}"
START = {
    "": ["/", "/kb/", "/guidance/ask/", "/register/"],
    "rep-hdir": ["/", "/tasks/", "/measures/", "/council/"],
    "kin": ["/", "/tasks/", "/network/"],
    "sekretariat": ["/", "/tasks/", "/council/", "/reports/", "/guidance/", "/network/"],
}
SKIP = re.compile(
    r"^/(static|media|admin|api)/|^/accounts/(logout|password|2fa|mfa|email)|^/i18n/"
    r"|^/unsubscribe/|/delete/|/autocomplete/|\.(pdf|csv|ics)$|export|csv|/download/|/feed"
)
LIMIT = 1000

# The Norwegian texts the data holds, by model: (app label.model, fields).
DATA_FIELDS = [
    ("kiraad.Body", ["name", "description"]),
    ("kiraad.Mandate", ["title", "purpose", "tasks", "composition"]),
    ("kiraad.Commission", ["title", "text"]),
    ("kiraad.Meeting", ["title", "minutes", "cancel_reason"]),
    ("kiraad.AgendaItem", ["title", "text", "outcome"]),
    ("kiraad.ActionItem", ["title", "description"]),
    ("kiraad.MinutesVersion", ["text"]),
    ("measures.Plan", ["title", "description"]),
    ("measures.Measure", ["title", "description", "outcome_note"]),
    ("measures.StatusUpdate", ["done", "next_steps", "blockers"]),
    ("measures.Milestone", ["title"]),
    ("network.Network", ["name", "description"]),
    ("network.EscalationCategory", ["name"]),
    ("network.EscalationLevel", ["name"]),
    ("network.Escalation", ["title", "description", "assessment", "council_response"]),
    ("guidance.RegulatoryArea", ["name"]),
    ("guidance.GuidanceRequest", ["title", "question", "status_reason", "answer_text"]),
    ("guidance.RequestNote", ["text"]),
    ("guidance.GuidanceMeeting", ["title", "summary", "topics"]),
    ("guidance.Gap", ["title", "description"]),
    ("kiraad.MeetingDocument", ["title"]),
    ("kiraad.Source", ["title"]),
    ("kiraad.Attendance", ["note"]),
    ("guidance.RequesterMessage", ["text"]),
    ("guidance.Assignment", ["draft"]),
    (
        "network.AIDeployment",
        ["intended_use", "intended_use_statement", "withdrawn_reason", "benefit_notes"],
    ),
]


def _probe(text: str) -> str | None:
    """The text's first words (about 40 characters), whitespace folded: pages shorten long
    texts and turn line breaks into <br>."""
    words = " ".join(text.split())
    if len(words) < 12:  # short names («Plan», «KIN») are too common to search for
        return None
    if len(words) <= 40:
        return words
    return words[:40].rsplit(" ", 1)[0]


def _norwegian_probes() -> dict[str, str]:
    from django.apps import apps

    probes = {}
    for label, fields in DATA_FIELDS:
        model = apps.get_model(label)
        rows = model.objects.all()
        if any(f.name == "language" for f in model._meta.fields):  # a record may be in English
            rows = rows.filter(language=settings.LANGUAGE_CODE)
        for row in rows.values("pk", *fields):
            for field in fields:
                probe = _probe(row[field] or "")
                if probe and "](" not in probe and "**" not in probe:
                    probes[probe] = f"{label}.{field} #{row['pk']}"
    return probes


def _agency_names() -> list[str]:
    """Agency names are proper names (WCAG 3.1.2 leaves them out): blanked from the text first,
    so a title that begins with one («Helsedirektoratet, Direktoratet for …») is not mistaken
    for an agency shown in a list."""
    from kiraad.models import Agency

    names = {n for row in Agency.objects.values_list("name", "short_name") for n in row if n}
    return sorted(names, key=len, reverse=True)


def _texts(html: str) -> tuple[str, str, str]:
    """The body's text outside every element marked lang="nb" (and outside scripts), the text
    inside those elements, and the document's <title>."""
    document = tinyhtml5.parse(html)
    body = document.find(f"{XHTML}body")
    title = document.find(f"{XHTML}head/{XHTML}title")
    parts: list[str] = []
    marked: list[str] = []

    def walk(element) -> None:
        tag = element.tag.removeprefix(XHTML) if isinstance(element.tag, str) else ""
        # A text area holds what is typed into it, in the writer's language.
        if element.get("lang") == "nb":
            marked.append(" ".join(element.itertext()))
            parts.append(" ")
        elif tag in ("script", "style", "template", "textarea"):
            parts.append(" ")
        else:
            parts.append(element.text or "")
            for child in element:
                walk(child)
                parts.append(" ")
        parts.append(element.tail or "")

    for child in body:
        walk(child)
    title_text = "".join(title.itertext()) if title is not None else ""
    return tuple(" ".join(t.split()) for t in ("".join(parts), " ".join(marked), title_text))


def _links(html: str) -> list[str]:
    out = []
    for href in re.findall(r'href="([^"]+)"', html):
        href = urldefrag(href.replace("&amp;", "&"))[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if not SKIP.search(href):
            out.append(parts.path)
    return out


def _route(path: str) -> str:
    try:
        return resolve(path).route
    except Resolver404:
        return path


def _read_in_english(
    client, start: list[str], probes: dict[str, str]
) -> tuple[dict, int, set[str]]:
    agencies = _agency_names()
    seen, queue, found, shown = set(start), deque(start), {}, set()
    per_route: Counter[str] = Counter()
    while queue and len(seen) < LIMIT:
        path = queue.popleft()
        per_route[_route(path)] += 1
        if per_route[_route(path)] > 2 and path not in start:
            continue
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        assert '<html lang="en"' in html, path
        shown.add(path)
        text, marked, title = _texts(html)
        for name in agencies:
            text = text.replace(name, "¤")
        hits = [f"{probes[p]}: «{p}»" for p in probes if p in text]
        # <title> cannot mark a part of itself: the heading that shows the same name must.
        hits += [
            f"{probes[p]} in <title>, not marked in the page: «{p}»"
            for p in probes
            if p in title and p not in marked
        ]
        if hits:
            found[path] = hits[:5]
        for link in _links(html):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return found, len(seen), shown


@pytest.fixture
def demo(db, settings):
    settings.PAGE_CACHE = False
    call_command("load_seed_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)


# What people typed as a reason for a change, whole or quoted by a system reason.
TYPED_REASON = "Rettet etter innspill fra Helsedirektoratet i arbeidsmøtet"
QUOTED_REASON = "Saken er løst i linjen gjennom den nye veilederen"
CHANGED_USE = "Varsler radiologen om mulige blødninger på CT caput"
WITHDRAWN = "Tatt ut av bruk etter at avtalen med leverandøren gikk ut"


@pytest.fixture
def reasons_quoting_data(demo) -> list[str]:
    """A history row on one record of each kind the pages show a history table for (the demo
    data holds no guidance meeting), its reason quoting Norwegian data; the records' pages."""
    from guidance import reasons as guidance_reasons
    from guidance.models import Article, GuidanceRequest
    from kiraad import selectors
    from kiraad.history import mark_change
    from kiraad.meetings.reasons import RECORD_LINKED
    from kiraad.models import ActionItem, AgendaItem, Membership
    from measures.models import Measure, Plan
    from network import reasons as network_reasons
    from network.models import AIDeployment, Escalation
    from network.services import deployment_withdraw

    item = next(i for i in AgendaItem.objects.select_related("meeting") if _probe(i.title))
    linked = RECORD_LINKED(item=item.title, meeting=str(item.meeting))
    _body, mandate = selectors.body_and_mandate()
    records = [
        (Measure.objects.order_by("pk").first(), linked),
        (Plan.objects.order_by("pk").first(), TYPED_REASON),
        (Escalation.objects.order_by("pk").first(), network_reasons.CLOSED(reason=QUOTED_REASON)),
        (AIDeployment.objects.order_by("pk").first(), TYPED_REASON),
        (GuidanceRequest.objects.order_by("pk").first(), linked),
        (ActionItem.objects.order_by("pk").first(), TYPED_REASON),
        (Membership.objects.filter(mandate=mandate).order_by("pk").first(), linked),
        (
            Article.objects.order_by("pk").first(),
            guidance_reasons.UNPUBLISHED(reason=QUOTED_REASON),
        ),
    ]
    # A register entry whose intended use was changed and published, then withdrawn: the public
    # page shows both in its version history.
    entry = AIDeployment.objects.filter(publication="published").order_by("pk").last()
    entry.intended_use = CHANGED_USE
    mark_change(entry, reason=TYPED_REASON, by=User.objects.get(username="kin"))
    entry.save()
    deployment_withdraw(deployment=entry, by=User.objects.get(username="kin"), reason=WITHDRAWN)
    pages = [f"/register/{entry.pk}/"]
    for record, reason in records:
        assert record is not None, reason
        mark_change(record, reason=reason, by=User.objects.get(username="sekretariat"))
        record.save()
        pages.append(
            {
                Membership: "/council/",
                ActionItem: f"/council/actions/{record.pk}/",
                Article: f"/guidance/articles/{record.pk}/",
            }.get(type(record))
            or record.get_absolute_url()
        )
    return pages


@pytest.mark.slow
def test_norwegian_data_is_marked_nb_on_every_english_page_of_every_role(
    client, reasons_quoting_data
):
    probes = _norwegian_probes()
    assert len(probes) > 200
    probes |= {TYPED_REASON: "reason typed", QUOTED_REASON: "reason typed, quoted"}
    assert _probe(CHANGED_USE) in probes
    assert _probe(WITHDRAWN) in probes
    found, read, shown = {}, 0, set()
    for username, start in START.items():
        client.logout()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if username:
            client.force_login(User.objects.get(username=username))
        hits, count, pages = _read_in_english(client, start + reasons_quoting_data, probes)
        found |= {f"{username or 'public'} {path}": h for path, h in hits.items()}
        read += count
        shown |= pages
    assert found == {}
    assert read > 100
    assert set(reasons_quoting_data) <= shown  # every history page was read by some role
