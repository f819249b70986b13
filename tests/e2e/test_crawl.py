"""Every page of every role reads right (issue 21): a crawl of the links each role can follow.

For each role (anonymous, secretariat, representative, coordinator, admin) the crawl opens one
page of every route pattern it reaches by links, and one per state of the demo data for the
detail pages whose object has a state. Each page is loaded once and checked at 1280, 640 and
375 px: axe-core with every WCAG 2.0/2.1/2.2 A and AA rule at 1280 and 375 px, and at 640 px the
rules whose outcome depends on the layout (AXE_REFLOW: 640 px has the one-column layout of
375 px with more room, so nothing is shown or hidden there that 375 px does not show or hide).
Colour contrast is checked on every page at 1280 px in Norwegian, and at 375 px and in English
on each role's first page only (AXE_BUT_CONTRAST on the others): the style sheets set colours
once, and their media queries change only the layout (no colour in any @media block of
static/css/), so a colour cannot differ by width or language; what only 375 px shows (the menu
button) is in the header of each role's first page. (Contrast took half or more of axe's time
on the slowest pages measured.) Also: every table cell at
least as wide as its longest word; no answer ≥ 400 and no console error.
Every role is crawled once more in English, at 1280 px with every rule but colour contrast after
its first page: its dashboard and the
route patterns (with their states) no role before it reached in English. A page's English differs
from its Norwegian only in the interface's words, which are the same for every role that sees the
route; what differs by role (the objects, the buttons one may use) is checked for every role in
Norwegian at three widths, and every role's English pages are read for Norwegian data marked
lang="nb" by tests/pages/test_norwegian_data_marked.py. (Every role's every page in English cost
about 70 s more of CI's worker time on a 2-core machine for 80 pages that repeat a route.)

The admin is a superuser whose portal pages are the secretariat's with one more link in the
header: its crawl opens the dashboard (the header) and only the portal routes the secretariat
did not reach. Django's admin is crawled as the admin by a test of its own: the index, every app
index, every changelist, one change form and one add form per model, one object's history and
one version of it per app, and the admin's own pages (the succession preview, a user's password
form); not the delete confirmations nor the logout. Each page is checked in Norwegian at 1280 px
with every rule; the first page of each kind (index, app index, changelist, add, change,
history, and each page of its own) as a whole document and also at 640 and 375 px and in
English, the others in what the page itself holds (#content), with every rule but colour
contrast: the header and the list of models beside it are the same markup on every admin page,
and the admin's colours come from its style sheets alone (no admin class of the portal writes a
colour or a style), so a kind's first page shows every colour its others do. A kind's pages are
one template whose layout and wording do not change with the model (its fields and columns are
checked on every page).
The history pages are one table of dates, people, changes and reasons whatever the model, so one
of each per app (every model's cost 70 pages, about 80 s of CI's worker time on a 2-core
machine); every model's history shows its reasons through one mixin (kiraad/admin_mixins.py),
whose lang="nb" marks tests/kiraad/test_history_reasons.py reads. Every admin page at every
width and in English cost 185 s more of CI's worker time (measured: 1,336 axe runs instead of
696).

The Nu HTML Checker (vnu.jar, installed by `.ci/run`) checks every saved page (each page of each
role and language) in one run at the end of each test; the few messages Django's own admin
markup carries are left out by name (ADMIN_VNU_KNOWN). Each test's table of results and the
seconds spent per phase go to artifacts/crawl-table-<part>.md and the test's output; the
measures list is photographed at the three widths into artifacts/screenshots/ (committed).

Time: the three tests (Norwegian, English, Django's admin) are xdist groups of their own, started
first (tests/e2e/conftest.py), so on two cores they run beside each other and the rest of the
suite. axe is injected once per document by an init script and builds no CSS selectors, route
keys are resolved once per path, and the widths run 1280 → 375 on one page and 375 → 1280 on the
next, so no page is re-laid out only to be left. (A digest of the DOM to skip axe on markup
already checked saved 0 of 676 runs: every page differs at least in its header, its object or
its language.)
CRAWL_STATIC=memory serves /static/ from memory through the context's router (measured slower
under load: a routed context has no HTTP cache); CRAWL_WAIT_UNTIL sets the navigation's wait.
"""

import json
import mimetypes
import os
import shutil
import subprocess
import sys
import time
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import Resolver404, resolve

from kiraad.models import User
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.portal_data import load_portal_data

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("VNU_JAR") or ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
WIDTHS = (1280, 640, 375)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
# No CSS selectors for the nodes: building them walks the whole DOM on every run, and a
# violation is reported by its rule and the first node's markup.
AXE_FULL = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    "resultTypes": ["violations"],
    "selectors": False,
}
# The rules whose outcome depends on the layout, for 640 px (see the module's docstring).
AXE_REFLOW = {
    "runOnly": {
        "type": "rule",
        "values": [
            "scrollable-region-focusable",
            "target-size",
            "meta-viewport",
        ],
    },
    "resultTypes": ["violations"],
    "selectors": False,
}
# Every rule but colour contrast, at 375 px and in English after each role's first page (see the
# module's docstring).
AXE_BUT_CONTRAST = {**AXE_FULL, "rules": {"color-contrast": {"enabled": False}}}
# Every rule at 1280 and 375 px; 640 px the layout rules (CRAWL_AXE_640=full runs all there).
RULES = {
    1280: AXE_FULL,
    640: AXE_FULL if os.environ.get("CRAWL_AXE_640") == "full" else AXE_REFLOW,
    375: AXE_FULL,
}
ROLES = {
    "anonymous": None,
    "secretariat": "sekretariat",
    "representative": "rep-hdir",
    "coordinator": "kin",
    "admin": "admin",
}
PUBLIC_START = ["/kb/", "/register/", "/guidance/ask/", "/accounts/login/"]
# Not pages: downloads, feeds, the language and logout forms' targets.
SKIP_PREFIXES = ("/i18n/", "/accounts/logout/", "/static/", "/media/")
SKIP_SUFFIXES = (".csv", ".ics", ".pdf", "/pdf/", "/export/", "/calendar.ics")
# In the admin: its logout, its script catalogue, «view on site» (a redirect to a portal page)
# and the delete confirmations.
ADMIN_SKIP_PREFIXES = ("/admin/logout/", "/admin/jsi18n/", "/admin/r/")
ADMIN_SKIP_SUFFIXES = ("/delete/",)
ADMIN_MODEL_VIEWS = {"changelist", "add", "change", "history"}
# An object's history (Django's) and one version of it (simple-history's): one page each per app.
ADMIN_HISTORY_VIEWS = ("_history", "_simple_history")
# Detail pages crawled once per state of their object: url name → (model, state field).
STATEFUL = {
    "kiraad:meeting-detail": ("kiraad.Meeting", "status"),
    "measures:measure-detail": ("measures.Measure", "status"),
    "network:escalation-detail": ("network.Escalation", "status"),
    "network:deployment-detail": ("network.AIDeployment", "phase"),
    "guidance:request-detail": ("guidance.GuidanceRequest", "status"),
    "guidance:meeting-detail": ("guidance.GuidanceMeeting", "status"),
    "reports:report-detail": ("kiraad.StatusReport", "state"),
}
# Nu HTML Checker messages on Django's own admin markup, which the portal does not write.
ADMIN_VNU_KNOWN = {
    "must not have any “aria-*” attributes": "Django gives a field's widget aria-describedby"
    " for its help text also when the widget is a hidden input (django-otp's TOTP device form)",
    "Attribute “disabled” not allowed on element “div”": "Django's read-only password widget"
    " (auth/widgets/read_only_password_hash.html) puts the disabled field's attributes on a <div>",
    "No “p” element in scope but a “p” end tag seen": "Django's set-password page"
    " (admin/auth/user/change_password.html) puts the usable-password help text, a <ul>, in a <p>",
}

JS = Path(__file__).parent / "js"
NARROW_CELLS = (JS / "narrow_cells.js").read_text()
FOCUS_CONTRAST = (JS / "focus_contrast.js").read_text()
WAIT_UNTIL = os.environ.get("CRAWL_WAIT_UNTIL", "load")
# Measured slower under load (a routed context has no HTTP cache), so off unless asked for.
STATIC_FROM_MEMORY = os.environ.get("CRAWL_STATIC") == "memory"


def _key(path: str) -> tuple | None:
    """The route pattern of a path, with the object's state for stateful detail pages and the
    app for the admin's app indexes (one route pattern for all apps)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    state = ""
    if match.view_name in STATEFUL and "pk" in match.kwargs:
        model_label, field = STATEFUL[match.view_name]
        model = apps.get_model(model_label)
        state = model.objects.filter(pk=match.kwargs["pk"]).values_list(field, flat=True).first()
    elif match.view_name == "admin:app_list":
        state = match.kwargs["app_label"]
    elif match.app_name == "admin" and match.url_name.endswith(ADMIN_HISTORY_VIEWS):
        # One object's history, and one version of it, per app (see the module's docstring).
        version = match.url_name.endswith(ADMIN_HISTORY_VIEWS[1])
        return ("admin version" if version else "admin history", path.split("/")[2])
    return (match.route, state)


def _admin_kind(path: str) -> str:
    """What kind of admin page a path is: its view for a model's pages (changelist, add,
    change, history), otherwise its URL name (the index, an app's index, the succession
    preview, a user's password form)."""
    name = resolve(path.split("?")[0]).url_name or path
    view = name.rsplit("_", 1)[-1]
    return view if view in ADMIN_MODEL_VIEWS else name


def _links(page, origin: str, *, admin: bool) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.href.split('#')[0])"
    )
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        path = parts.path
        if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
            continue
        if path.startswith("/admin/") and (
            not admin or path.startswith(ADMIN_SKIP_PREFIXES) or path.endswith(ADMIN_SKIP_SUFFIXES)
        ):
            continue
        found.append(path + (f"?{parts.query}" if parts.query else ""))
    return found


class StaticFiles:
    """/static/ answered from memory by the browser context's router: the live server thread
    shares the test's interpreter (and its GIL) with Playwright's client, and a routed context
    has no HTTP cache, so each page would otherwise ask the server for its seven files."""

    def __init__(self):
        self.files: dict[str, tuple[bytes, str]] = {}

    def __call__(self, route) -> None:
        name = urlsplit(route.request.url).path.removeprefix(settings.STATIC_URL)
        if name not in self.files:
            found = finders.find(name)
            if not found:  # the live server answers (404), and the crawl reports it
                route.fallback()
                return
            kind = mimetypes.guess_type(found)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith(("javascript", "json")):
                kind += "; charset=utf-8"
            self.files[name] = (Path(found).read_bytes(), kind)
        body, kind = self.files[name]
        route.fulfill(status=200, body=body, content_type=kind)


class Crawl:
    def __init__(self, browser, live_server, html_dir: Path):
        self.browser = browser
        self.origin = live_server.url
        self.html_dir = html_dir
        self.seconds: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self.problems: list[str] = []
        self.stats = defaultdict(lambda: {"pages": 0, "axe": 0})
        self.saved: dict[tuple[str, str], str] = {}  # (label, url) → file, for the HTML check
        self.started = time.monotonic()
        self.measure_heights: dict[int, int] = {}
        self.keys: dict[str, tuple | None] = {}
        self.slowest: list[tuple[float, str]] = []  # axe's seconds per page and width
        self.admin_kinds: dict[str, str] = {}  # kind of admin page → the first path of it
        self.static = StaticFiles()

    def _timed(self, phase: str, call, *args):
        clock = time.monotonic()
        try:
            return call(*args)
        finally:
            self.seconds[phase] += time.monotonic() - clock

    def key(self, path: str) -> tuple | None:
        bare = path.split("?")[0]
        if bare not in self.keys:
            self.keys[bare] = _key(bare)
        return self.keys[bare]

    def run(
        self,
        role: str,
        username: str | None,
        *,
        language: str = "nb",
        skip: frozenset = frozenset(),
        admin_site: bool = False,
    ) -> set:
        """Crawl as one role; the route keys in `skip` are not opened. With `admin_site`, the
        crawl starts at /admin/ and stays in Django's admin: in Norwegian every page at 1280 px
        and the first of each kind (ADMIN_KINDS) at all three widths, in English the first of
        each kind. Returns the keys seen."""
        label = role if language == "nb" else f"{role} (en)"
        context = self.browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
        context.add_init_script(AXE_SOURCE)  # in every document, before its own scripts
        if STATIC_FROM_MEMORY:
            context.route(f"{self.origin}{settings.STATIC_URL}**", self.static)
        if language != "nb":
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": self.origin}]
            )
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: errors.append(f"script error: {e}"))
        page.on(
            "response",
            lambda r: r.status >= 400 and errors.append(f"{r.status} for {r.url}"),
        )
        clock = time.monotonic()
        if username:
            # A session of the role's own, as a login leaves it (the login form itself is
            # crawled as the anonymous visitor's page and used by every browser journey).
            client = Client()
            client.force_login(User.objects.get(username=username))
            session = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": self.origin}]
            )
            queue = deque(["/admin/"] if admin_site else ["/"])
        else:
            queue = deque(PUBLIC_START)
        self.seconds["login"] += time.monotonic() - clock
        if admin_site and language != "nb":
            queue = deque(self.admin_kinds.values())
        widths = list(WIDTHS if language == "nb" else WIDTHS[:1])
        seen: set = set()
        queued: set[str] = set(queue)
        while queue:
            path = queue.popleft()
            key = self.key(path)
            if key is None or key in seen or (key in skip and path != "/"):
                continue
            seen.add(key)
            page_widths = widths
            if admin_site and language == "nb":
                kind = _admin_kind(path)
                if kind in self.admin_kinds:
                    page_widths = [WIDTHS[0]]
                else:
                    self.admin_kinds[kind] = path
            errors.clear()
            response = self._timed(
                "load", lambda p=path: page.goto(self.origin + p, wait_until=WAIT_UNTIL)
            )
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            if response.status >= 400:
                self.problems.append(f"{label} {path}: status {response.status}")
            clock = time.monotonic()
            for link in _links(page, self.origin, admin=admin_site):
                if admin_site and (language != "nb" or not link.startswith("/admin/")):
                    continue
                if link not in queued:
                    queued.add(link)
                    queue.append(link)
            page_label = f"{label} /admin/" if path.startswith("/admin/") else label
            self._save(path, response.text(), page_label)
            self.seconds["links and saving"] += time.monotonic() - clock
            for width in page_widths:
                if page.viewport_size["width"] != width:
                    self._timed("resize", page.set_viewport_size, {"width": width, "height": 900})
                if width == WIDTHS[0]:
                    # Keyboard use: script focus then shows :focus-visible.
                    page.keyboard.press("Shift")
                    focus = self._timed("focus rings", page.evaluate, FOCUS_CONTRAST)
                    self.problems += [f"{label} {path}: focus ring {f}" for f in focus]
                # An admin page that is not its kind's first: only what the page itself
                # holds (#content); the header and the model list beside it are the same
                # markup on every admin page and are checked with each kind's first page.
                scope = "#content" if admin_site and page_widths is not widths else None
                rules = RULES[width]
                contrast_elsewhere = seen != {key} and (
                    width != WIDTHS[0] or language != "nb" or scope
                )
                if rules is AXE_FULL and contrast_elsewhere:
                    rules = AXE_BUT_CONTRAST
                self._check(page, page_label, path, width, rules, scope=scope)
            if len(page_widths) > 1:
                widths.reverse()  # the next page starts at the width this one ended at
            if role == "secretariat" and language == "nb" and key[0] == "measures/":
                self._timed("screenshots", self._photograph_measures, page)
            self.problems += [f"{label} {path}: {e}" for e in errors]
        self.counts[f"pages {label}"] = len(seen)
        context.close()
        return seen

    def _check(
        self, page, label: str, path: str, width: int, rules: dict, *, scope: str | None
    ) -> None:
        self.stats[(label, width)]["pages"] += 1
        clock = time.monotonic()
        kind = {id(AXE_FULL): "full", id(AXE_BUT_CONTRAST): "but colour contrast"}
        violations = self._timed(
            f"axe {kind.get(id(rules), 'layout rules')}" + (f" of {scope}" if scope else ""),
            page.evaluate,
            "([scope, options]) => axe.run(scope || document, options).then(r => r.violations)",
            [scope, rules],
        )
        self.slowest.append((time.monotonic() - clock, f"{label} {path} @{width}"))
        self.counts["axe runs"] += 1
        if violations:
            self.stats[(label, width)]["axe"] += len(violations)
            rules = sorted(
                f"{v['id']} ({len(v['nodes'])}: {v['nodes'][0]['html'][:120]})" for v in violations
            )
            self.problems.append(f"{label} {path} @{width}: axe {', '.join(rules)}")
        cells = self._timed("narrow cells", page.evaluate, NARROW_CELLS)
        self.problems += [f"{label} {path} @{width}: {c}" for c in cells]

    def _save(self, path: str, body: str, label: str) -> None:
        name = f"{len(self.saved):04d}.html"
        (self.html_dir / name).write_text(body, encoding="utf-8")
        self.saved[(label, path)] = name

    def _photograph_measures(self, page) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            self.measure_heights[width] = page.evaluate("document.documentElement.scrollHeight")
            page.screenshot(path=str(ARTIFACTS / f"measures-list-{width}.png"), full_page=True)


CANARY = "zz-canary.html"


def _vnu(html_dir: Path) -> dict[str, list[str]]:
    """One run of the Nu HTML Checker over every saved page: errors per file name. A page with
    a known error goes along, so a checker that reports nothing because it did not run fails."""
    (html_dir / CANARY).write_text('<!DOCTYPE html><html lang="nb"><title>x</title><p hx-get="/">')
    run = subprocess.run(
        [
            shutil.which("java") or "/usr/bin/java",
            "-Xss8m",
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            str(html_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    errors: dict[str, list[str]] = defaultdict(list)
    for message in json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]:
        name = Path(urlsplit(message.get("url", "")).path).name
        errors[name].append(f"line {message.get('lastLine')}: {message['message']}")
    assert errors.pop(CANARY, None), f"the HTML checker did not report its canary: {run.stderr}"
    return errors


def _crawl(browser, live_server, tmp_path) -> Crawl:
    load_portal_data()
    return Crawl(browser, live_server, tmp_path)


def _roles(crawl: Crawl, language: str) -> None:
    reached: dict[str, set] = {}
    for role, username in ROLES.items():
        if language != "nb":
            # In English each route pattern (and state) once, by the first role that reaches
            # it; each role's dashboard is its own (see the module's docstring).
            skip = frozenset().union(*reached.values())
        elif role == "admin":
            # The admin's portal pages are the secretariat's (see the module's docstring).
            skip = frozenset(reached["secretariat"])
        else:
            skip = frozenset()
        reached[role] = crawl.run(role, username, language=language, skip=skip)


def _report(crawl: Crawl, part: str, tmp_path: Path, capsys) -> None:
    """Check the saved pages' HTML in one run, write the part's table to
    artifacts/crawl-table-<part>.md and the test's output, and fail on any problem."""
    clock = time.monotonic()
    html_errors: dict[str, list[str]] = {}
    vnu_skipped = ""
    if not VNU_JAR.exists() or not shutil.which("java"):  # .ci/run installs both
        vnu_skipped = f"Nu HTML Checker not installed ({VNU_JAR}; .ci/run installs it)"
    else:
        html_errors = _vnu(tmp_path)
    checked = time.monotonic() - clock
    html_by_label: dict[str, int] = defaultdict(int)
    known_seen: dict[str, int] = defaultdict(int)
    for (label, path), name in crawl.saved.items():
        for message in html_errors.get(name, []):
            known = next((k for k in ADMIN_VNU_KNOWN if k in message), None)
            if known and path.startswith("/admin/"):
                known_seen[known] += 1
                continue
            html_by_label[label] += 1
            crawl.problems.append(f"{label} {path}: HTML {message}")

    lines = [
        "| role | width | pages | axe violations | HTML errors |",
        "|---|---|---|---|---|",
    ]
    for (label, width), stat in sorted(crawl.stats.items(), key=lambda kv: kv[0]):
        html = "–" if vnu_skipped else str(html_by_label[label]) if width == WIDTHS[0] else "″"
        lines.append(f"| {label} | {width} | {stat['pages']} | {stat['axe']} | {html} |")
    phases = ", ".join(
        f"{phase} {seconds:.1f} s"
        for phase, seconds in sorted(crawl.seconds.items(), key=lambda kv: -kv[1])
    )
    accounted = sum(crawl.seconds.values())
    counts = ", ".join(f"{name} {n}" for name, n in crawl.counts.items())
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    crawled = time.monotonic() - crawl.started - checked
    summary = (
        f"## Crawl: {part}\n\n"
        + "\n".join(lines)
        + f"\n\nHTML checked once per page of each role and language: {len(crawl.saved)} pages."
        + f"\nCrawl {crawled:.0f} s: {phases}, the rest {crawled - accounted:.1f} s;"
        + f" HTML check {checked:.0f} s. Load average at the end: {load}."
        + f"\n{counts}."
        + "\nSlowest axe runs: "
        + ", ".join(f"{where} {sec:.2f} s" for sec, where in sorted(crawl.slowest)[-8:][::-1])
        + "."
        + f"\nStatic files from memory: {STATIC_FROM_MEMORY}; pages wait for «{WAIT_UNTIL}»."
        + (f"\nMeasures list height: {crawl.measure_heights}." if crawl.measure_heights else "")
        + "\n"
        + "".join(
            f"\nLeft out of the HTML check on admin pages ({n}×): «{k}»: {ADMIN_VNU_KNOWN[k]}"
            for k, n in known_seen.items()
        )
        + (f"\n{vnu_skipped}\n" if vnu_skipped else "")
    )
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / f"crawl-table-{part}.md").write_text(
        summary + "\n" + "\n".join(crawl.problems) + "\n"
    )
    with capsys.disabled():  # the table in the test output, also when the test passes
        sys.stdout.write("\n" + summary)
    assert not crawl.problems, f"{len(crawl.problems)} problems:\n" + "\n".join(crawl.problems)
    if vnu_skipped:
        pytest.skip(vnu_skipped)


# Three tests, each its own xdist group (tests/e2e/conftest.py), so on two cores they run beside
# each other and the rest of the suite instead of one after the other.
def test_every_page_of_every_role_in_norwegian_at_three_widths(
    browser, live_server, tmp_path, capsys
):
    crawl = _crawl(browser, live_server, tmp_path)
    _roles(crawl, "nb")
    heights = crawl.measure_heights
    assert heights.get(640, 0) <= 3 * heights.get(1280, 0), heights
    _report(crawl, "nb", tmp_path, capsys)


def test_every_page_of_every_role_in_english(browser, live_server, tmp_path, capsys):
    crawl = _crawl(browser, live_server, tmp_path)
    _roles(crawl, "en")
    _report(crawl, "en", tmp_path, capsys)


def test_every_page_of_djangos_admin(browser, live_server, tmp_path, capsys):
    crawl = _crawl(browser, live_server, tmp_path)
    crawl.run("admin", "admin", admin_site=True)
    crawl.run("admin", "admin", language="en", admin_site=True)
    _report(crawl, "admin-site", tmp_path, capsys)
