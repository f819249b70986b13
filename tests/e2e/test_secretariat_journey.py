"""The secretariat's work in a real browser (issue 10): triage and assign a guidance request."""

import pytest
from django.core.management import call_command
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from guidance.models import GuidanceRequest
from guidance.services import RequestData, guidance_request_submit
from kiraad.models import Agency

pytestmark = pytest.mark.django_db(transaction=True)


def nb(text: str) -> str:
    with override("nb"):
        return gettext(text)


def test_secretariat_triages_and_assigns_a_request(page, live_server, login, screenshot, axe_check):
    call_command("load_seed_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    request, _token = guidance_request_submit(
        data=RequestData(
            kind="question", requester_name="Kari Nordmann", requester_email="kari@example.org",
            organisation="Sykehuset Innlandet HF", org_kind="health_trust",
            title="Beslutningsstøtte i akuttmottaket", question="Trenger vi CE-merking?",
            phase="testing", areas_not_sure=True, consent=True,
        )
    )  # fmt: skip
    login("sekretariat", "demo-kiraad")
    page.goto(f"{live_server.url}/guidance/")
    axe_check("guidance queue")
    expect(page.get_by_text("Beslutningsstøtte i akuttmottaket")).to_be_visible()
    page.get_by_role("link", name=request.reference).click()
    axe_check("request detail")
    screenshot("guidance-request-desktop")

    page.get_by_role("link", name=nb("Triage"), exact=True).click()
    axe_check("triage form")
    page.locator("input[name=decision][value=accept]").check()
    page.get_by_role("button", name=nb("Save")).click()
    request.refresh_from_db()
    assert request.status == GuidanceRequest.Status.TRIAGED

    page.get_by_role("link", name=nb("Assign agencies")).click()
    axe_check("assign form")
    page.locator("#id_lead").select_option(str(Agency.objects.get(code="HDIR").pk))
    page.get_by_role("button", name=nb("Save")).click()
    request.refresh_from_db()
    assert request.status == GuidanceRequest.Status.ASSIGNED
    assert request.assignments.filter(agency__code="HDIR", role="lead").exists()
    expect(page.get_by_text("Helsedirektoratet").first).to_be_visible()
