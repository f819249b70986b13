"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop; Django would otherwise refuse DB access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Debian's headless build first, as portal.py chooses (the same Blink at half the CPU per page).
CHROMIUM = (
    os.environ.get("CHROMIUM_PATH")
    or shutil.which("chromium-headless-shell")
    or shutil.which("chromium")
    or "/usr/bin/chromium"
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# Playwright's 5 s for an expectation is less than a form post that sends e-mail with calendar
# files takes on a 2-core machine running the rest of the suite beside it: the meeting-change test
# failed once that way (the page was still the one before the post). A real failure still fails.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)
            # With `--dist loadgroup`: each part of the crawl (the longest tests) is a group of its
            # own and the other browser tests one more, so on two cores the parts run beside each
            # other and the rest of the suite fills in around them.
            crawl = Path(item.fspath).name == "test_crawl.py"
            group = f"browser-{item.originalname}" if crawl else "browser"
            item.add_marker(pytest.mark.xdist_group(group))
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot(page):
    """Save a screenshot of the current page as an artefact a person can look at."""

    def take(name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def login(page, live_server):
    def log_in(username: str, password: str = "pw") -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Brukernavn").fill(username)
        page.get_by_label("Passord").fill(password)
        page.get_by_role("button", name="Logg inn").click()

    return log_in


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def axe_check(page):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the current page; fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    checked = []

    def check(name: str) -> None:
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        checked.append((name, results.violations_count))
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"

    return check
