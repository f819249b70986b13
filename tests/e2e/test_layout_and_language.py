"""The main pages reflow at 200 % zoom and on a 375-px screen, keep their headings in order and
say they are Norwegian (issue 10)."""

import pytest

from tests.e2e.portal_data import load_portal_data

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC = ["/accounts/login/", "/guidance/ask/", "/kb/", "/register/"]
SIGNED_IN = [
    "/",
    "/council/",
    "/measures/",
    "/measures/plans/",
    "/guidance/",
    "/guidance/themes/",
    "/network/",
    "/network/register/",
    "/network/register/stats/",
]
# 1280 px at 200 % zoom is a 640-px layout viewport.
WIDTHS = {"zoom-200": 640, "phone": 375}

HEADINGS_IN_ORDER = """() => {
  const selector = 'main h1, main h2, main h3, main h4, main h5, main h6';
  const levels = [...document.querySelectorAll(selector)].map(h => Number(h.tagName[1]));
  if (levels[0] !== 1) return 'first heading is h' + levels[0];
  for (let i = 1; i < levels.length; i++) {
    if (levels[i] > levels[i - 1] + 1) return 'h' + levels[i - 1] + ' followed by h' + levels[i];
  }
  return '';
}"""


def test_main_pages_reflow_keep_heading_order_and_are_norwegian(
    page, live_server, login, screenshot
):
    load_portal_data()
    problems = []

    def check(path: str) -> None:
        for label, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                problems.append(f"{path} at {label}: {overflow}px horizontal scroll")
            if label == "phone":
                name = path.strip("/").replace("/", "-") or "dashboard"
                screenshot(f"{name}-phone")
        if page.get_attribute("html", "lang") != "nb":
            problems.append(f"{path}: lang is not nb")
        order = page.evaluate(HEADINGS_IN_ORDER)
        if order:
            problems.append(f"{path}: {order}")

    for path in PUBLIC:
        check(path)
    login("sekretariat", "demo-kiraad")
    for path in SIGNED_IN:
        check(path)
    assert not problems, "\n".join(problems)
