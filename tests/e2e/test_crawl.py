"""Every page of every role reads right (issue 21): a crawl of the links each role can follow.

For each role (anonymous, secretariat, representative, coordinator, admin) the crawl opens one
page of every route pattern it reaches by links, and one per state of the demo data for the
detail pages whose object has a state. Each page is loaded once; the viewport is resized to 1280,
640 and 375 px and checked at each width: axe-core (WCAG 2.0/2.1/2.2 A and AA), every table cell
at least as wide as its longest word, no answer ≥ 400 and no console error. The secretariat's
pages are crawled once more in English. The Nu HTML Checker (vnu.jar, installed by `.ci/run`)
checks every saved page in one run at the end. The table of results goes to
artifacts/crawl-table.md and the test's output; the measures list is photographed at the three
widths into artifacts/screenshots/ (committed).
"""

import json
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
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(
    os.environ.get("VNU_JAR") or ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
)
WIDTHS = (1280, 640, 375)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_FULL = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# At 640 and 375 px the page is the same document reflowed: the full rule set runs at 1280 and
# the narrower widths run the rules whose outcome depends on the layout.
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
}
ROLES = {
    "anonymous": None,
    "secretariat": "sekretariat",
    "representative": "rep-hdir",
    "coordinator": "kin",
    "admin": "admin",
}
PUBLIC_START = ["/kb/", "/register/", "/guidance/ask/", "/accounts/login/"]
# Not pages: downloads, feeds, the language and logout forms' targets. The admin is Django's.
SKIP_PREFIXES = ("/admin/", "/i18n/", "/accounts/logout/", "/static/", "/media/")
SKIP_SUFFIXES = (".csv", ".ics", ".pdf", "/pdf/", "/export/", "/calendar.ics")
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

JS = Path(__file__).parent / "js"
NARROW_CELLS = (JS / "narrow_cells.js").read_text()

FOCUS_CONTRAST = (JS / "focus_contrast.js").read_text()


def _key(path: str) -> tuple | None:
    """The route pattern of a path, with the object's state for stateful detail pages."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    state = ""
    if match.view_name in STATEFUL and "pk" in match.kwargs:
        model_label, field = STATEFUL[match.view_name]
        model = apps.get_model(model_label)
        state = model.objects.filter(pk=match.kwargs["pk"]).values_list(field, flat=True).first()
    return (match.route, state)


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.href.split('#')[0])"
    )
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


class Crawl:
    def __init__(self, browser, live_server, html_dir: Path):
        self.browser = browser
        self.origin = live_server.url
        self.html_dir = html_dir
        self.seconds = defaultdict(float)
        self.problems: list[str] = []
        self.stats = defaultdict(lambda: {"pages": 0, "axe": 0})
        self.saved: dict[str, tuple[str, str]] = {}  # url → (file, role) for the HTML check
        self.measure_heights: dict[int, int] = {}

    def run(self, role: str, username: str | None, *, language: str = "nb") -> None:
        label = role if language == "nb" else f"{role} (en)"
        context = self.browser.new_context(viewport={"width": WIDTHS[0], "height": 900})
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
        if username:
            page.goto(f"{self.origin}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", "demo-kiraad")
            page.click("main button[type=submit]")
            page.wait_for_load_state()
            queue = deque(["/"])
        else:
            queue = deque(PUBLIC_START)
        widths = WIDTHS if language == "nb" else WIDTHS[:1]
        seen: set = set()
        while queue:
            path = queue.popleft()
            key = _key(path.split("?")[0])
            if key is None or key in seen:
                continue
            seen.add(key)
            errors.clear()
            page.set_viewport_size({"width": WIDTHS[0], "height": 900})
            clock = time.monotonic()
            response = page.goto(self.origin + path)
            self.seconds["load"] += time.monotonic() - clock
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            page.evaluate(AXE_SOURCE)  # once per page, for all widths
            body = response.text()
            if response.status >= 400:
                self.problems.append(f"{label} {path}: status {response.status}")
            queue.extend(_links(page, self.origin))
            self._save(path, body, label)
            page.keyboard.press("Shift")  # keyboard use: script focus then shows :focus-visible
            focus = page.evaluate(FOCUS_CONTRAST)
            self.problems += [f"{label} {path}: focus ring {f}" for f in focus]
            for width in widths:
                if width != WIDTHS[0]:
                    page.set_viewport_size({"width": width, "height": 900})
                self._check(page, label, path, width)
            if role == "secretariat" and language == "nb" and key[0] == "measures/":
                self._photograph_measures(page)
            self.problems += [f"{label} {path}: {e}" for e in errors]
        context.close()

    def _check(self, page, label: str, path: str, width: int) -> None:
        self.stats[(label, width)]["pages"] += 1
        clock = time.monotonic()
        options = AXE_FULL if width == WIDTHS[0] else AXE_REFLOW
        violations = page.evaluate("options => axe.run(document, options)", options)["violations"]
        self.seconds["axe"] += time.monotonic() - clock
        if violations:
            self.stats[(label, width)]["axe"] += len(violations)
            rules = sorted({f"{v['id']} ({len(v['nodes'])})" for v in violations})
            self.problems.append(f"{label} {path} @{width}: axe {', '.join(rules)}")
        self.problems += [f"{label} {path} @{width}: {c}" for c in page.evaluate(NARROW_CELLS)]

    def _save(self, path: str, body: str, label: str) -> None:
        if path in self.saved:  # identical URL: checked once
            return
        name = f"{len(self.saved):04d}.html"
        (self.html_dir / name).write_text(body, encoding="utf-8")
        self.saved[path] = (name, label)

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


def test_every_page_of_every_role_at_three_widths(browser, live_server, tmp_path, capsys):
    call_command("load_seed_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    started = time.monotonic()
    crawl = Crawl(browser, live_server, tmp_path)
    for role, username in ROLES.items():
        crawl.run(role, username)
    crawl.run("secretariat", "sekretariat", language="en")
    crawled = time.monotonic() - started

    html_errors: dict[str, list[str]] = {}
    vnu_skipped = ""
    if not VNU_JAR.exists() or not shutil.which("java"):  # .ci/run installs both
        vnu_skipped = f"Nu HTML Checker not installed ({VNU_JAR}; .ci/run installs it)"
    else:
        html_errors = _vnu(tmp_path)
    checked = time.monotonic() - started - crawled
    html_by_role: dict[str, int] = defaultdict(int)
    for path, (name, label) in crawl.saved.items():
        for message in html_errors.get(name, []):
            html_by_role[label] += 1
            crawl.problems.append(f"{label} {path}: HTML {message}")

    lines = [
        "| role | width | pages | axe violations | HTML errors |",
        "|---|---|---|---|---|",
    ]
    for (label, width), stat in sorted(crawl.stats.items(), key=lambda kv: kv[0]):
        html = "–" if vnu_skipped else str(html_by_role[label]) if width == WIDTHS[0] else "″"
        lines.append(f"| {label} | {width} | {stat['pages']} | {stat['axe']} | {html} |")
    heights = crawl.measure_heights
    summary = (
        "\n".join(lines)
        + f"\n\nHTML checked once per URL: {len(crawl.saved)} pages. Crawl {crawled:.0f} s"
        + f" (loading {crawl.seconds['load']:.0f} s, axe {crawl.seconds['axe']:.0f} s),"
        + f" HTML check {checked:.0f} s."
        + f"\nMeasures list height: {heights}.\n"
        + (f"\n{vnu_skipped}\n" if vnu_skipped else "")
    )
    (ROOT / "artifacts").mkdir(exist_ok=True)
    (ROOT / "artifacts" / "crawl-table.md").write_text(
        summary + "\n" + "\n".join(crawl.problems) + "\n"
    )
    with capsys.disabled():  # the table in the test output, also when the test passes
        sys.stdout.write("\n" + summary)

    assert heights.get(640, 0) <= 3 * heights.get(1280, 0), heights
    assert not crawl.problems, f"{len(crawl.problems)} problems:\n" + "\n".join(crawl.problems)
    if vnu_skipped:
        pytest.skip(vnu_skipped)
