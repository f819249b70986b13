"""A network coordinator raises an escalation and reports an AI system; an admin edits a
membership and sees its history (issue 10)."""

import re

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from kiraad.models import Membership
from network.models import AIDeployment, Escalation
from tests.e2e.portal_data import load_portal_data

pytestmark = pytest.mark.django_db(transaction=True)


def nb(text: str) -> str:
    """The Norwegian interface text for an English msgid, as the user sees it."""
    with override("nb"):
        return gettext(text)


@pytest.fixture
def portal_data():
    load_portal_data()


def test_coordinator_raises_an_escalation_and_reports_an_ai_system(
    page, live_server, portal_data, login, screenshot, axe_check
):
    login("kin", "demo-kiraad")
    page.goto(f"{live_server.url}/network/")
    axe_check("escalations")
    page.goto(f"{live_server.url}/network/escalations/new/")
    axe_check("new escalation")
    page.locator("#id_title").fill("Uklart om testing før REK-godkjenning")
    page.locator("#id_description").fill(
        "Flere helseforetak vil teste en modell før protokollen er godkjent."
    )
    page.locator("#id_category").select_option(index=1)
    page.locator("#id_severity_3").check()
    page.locator("#id_resources_1").check()
    page.locator("#id_benefit_3").check()
    page.get_by_role("button", name=nb("Raise to the council")).click()
    escalation = Escalation.objects.get(title="Uklart om testing før REK-godkjenning")
    expect(page).to_have_url(f"{live_server.url}/network/escalations/{escalation.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Uklart om testing")
    axe_check("escalation detail")
    screenshot("escalation-detail-desktop")

    page.goto(f"{live_server.url}/network/register/new/")
    axe_check("report an AI system")
    page.locator("#id_system").fill("Bruddsjekk røntgen")
    page.locator("#id_health_trust").fill("Sykehuset i Vestfold HF")
    page.locator("#id_region").select_option(index=0)
    page.locator("#id_clinical_area").select_option(index=1)
    page.locator("#id_intended_use").fill("Markerer mulige brudd på røntgenbilder for radiolog.")
    page.locator("#id_phase").select_option(index=1)
    page.locator("#id_regulatory_status").select_option(index=0)
    page.locator("#id_mdr_risk_class").select_option(index=2)
    page.get_by_role("button", name=nb("Save")).click()
    # Saved: the browser lands on the new entry's page.
    page.wait_for_url(re.compile(r"/network/register/\d+/$"))
    assert AIDeployment.objects.filter(system="Bruddsjekk røntgen").exists()
    screenshot("deployment-detail-desktop")
    axe_check("AI system detail")
    # A new entry is a draft: the public register shows only what someone else reviewed.
    page.goto(f"{live_server.url}/register/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Bruddsjekk røntgen")).to_have_count(0)
    axe_check("public register")


def test_admin_edits_a_membership_and_sees_the_history(
    page, live_server, portal_data, login, screenshot
):
    membership = Membership.objects.get(mandate__key="ki-radet-2024", agency__code="KS")
    login("admin", "demo-kiraad")
    page.goto(f"{live_server.url}/admin/kiraad/membership/{membership.pk}/change/")
    page.locator("#id_note").fill("KS representerer kommunesektoren.")
    page.locator("#id_change_reason").fill("Presisert rollen etter rådsmøtet")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    page.goto(f"{live_server.url}/admin/kiraad/membership/{membership.pk}/history/")
    expect(page.get_by_text("Presisert rollen etter rådsmøtet").first).to_be_visible()
    screenshot("admin-membership-history")
    page.goto(f"{live_server.url}/council/")
    expect(page.get_by_text("Presisert rollen etter rådsmøtet").first).to_be_visible()
