"""The public asks a question, follows it by its private link and reads the knowledge base —
by keyboard alone (issue 10)."""

import re

import pytest
from playwright.sync_api import expect

from guidance.models import GuidanceRequest
from tests.e2e.keyboard import tab_to, tab_to_submit
from tests.e2e.portal_data import load_portal_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_asks_tracks_and_reads_the_knowledge_base_by_keyboard(
    page, live_server, settings, screenshot, axe_check
):
    load_portal_data()
    settings.SITE_URL = live_server.url

    page.goto(f"{live_server.url}/guidance/ask/")
    axe_check("ask form")
    screenshot("ask-form-desktop")

    # Submitting an empty form keeps the user on the page with errors linked to the fields.
    tab_to(page, "id_requester_name")
    page.keyboard.type("Kari Nordmann")
    page.keyboard.press("Enter")
    expect(page.locator(".portal-error-summary")).to_be_visible()
    expect(page.locator("#id_requester_name")).to_have_value("Kari Nordmann")
    axe_check("ask form with errors")

    tab_to(page, "id_kind_0")
    page.keyboard.press("Space")
    tab_to(page, "id_requester_email")
    page.keyboard.type("kari@example.org")
    tab_to(page, "id_organisation")
    page.keyboard.type("Sykehuset Innlandet HF")
    tab_to(page, "id_org_kind")
    page.keyboard.press("ArrowDown")
    tab_to(page, "id_title")
    page.keyboard.type("Trenger vi CE-merking for beslutningsstøtte?")
    tab_to(page, "id_question")
    page.keyboard.type("Vi tester et KI-verktøy for triage i akuttmottaket.")
    tab_to(page, "id_phase")
    page.keyboard.press("ArrowDown")
    tab_to(page, "id_areas_not_sure")
    page.keyboard.press("Space")
    tab_to(page, "id_consent")
    page.keyboard.press("Space")
    tab_to_submit(page)
    page.keyboard.press("Enter")
    # The receipt is the answer to the POST; wait for it before looking at the page.
    page.wait_for_selector("a[href*='/guidance/track/']")
    screenshot("ask-receipt-desktop")

    request = GuidanceRequest.objects.get(title="Trenger vi CE-merking for beslutningsstøtte?")
    expect(page.get_by_text(request.reference).first).to_be_visible()
    axe_check("receipt")
    link = page.locator("a[href*='/guidance/track/']").first
    href = link.get_attribute("href")
    assert re.search(r"/guidance/track/[A-Za-z0-9_\-]{43,}/$", href)
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(href)
    expect(page.get_by_text("kari@example.org")).to_have_count(0)
    axe_check("tracking page")
    screenshot("tracking-page-desktop")

    # A follow-up message from the tracking page (posted with «no-referrer», so Origin: null).
    tab_to(page, "id_text")
    page.keyboard.type("Vi har også et spørsmål om personvern.")
    tab_to_submit(page)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Vi har også et spørsmål om personvern.").first).to_be_visible()
    assert request.messages.filter(text="Vi har også et spørsmål om personvern.").exists()

    page.goto(f"{live_server.url}/kb/")
    axe_check("knowledge base")
    article = page.locator("main a[href^='/kb/']").first
    article.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check("knowledge base article")
    screenshot("kb-article-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/guidance/ask/")
    screenshot("ask-form-phone")
