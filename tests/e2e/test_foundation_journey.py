import datetime

import pytest
from playwright.sync_api import expect

from kiraad.models import Membership
from tests.factories import AgencyFactory, BodyFactory, MandateFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretariat_logs_in_and_sees_dashboard_and_council(
    page, live_server, cast, login, screenshot, axe_check
):
    council = BodyFactory()
    mandate = MandateFactory(
        body=council,
        key="ki-radet-2024",
        title="Mandat KI-råd for helse- og omsorgssektoren",
        purpose="KI-rådet skal gi råd til Helsedirektoratet om strategiske veivalg.",
        evaluation_due=datetime.date(2025, 12, 31),
    )
    MembershipFactory(
        mandate=mandate,
        agency=AgencyFactory(code="FHI", name="Folkehelseinstituttet"),
        role=Membership.Role.MEMBER,
    )

    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    axe_check("login")
    login("sekretariat")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt")
    axe_check("dashboard")
    screenshot("dashboard-desktop")

    page.get_by_role("link", name="Rådet", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(council.name)
    expect(page.get_by_role("cell", name="Folkehelseinstituttet", exact=True)).to_be_visible()
    expect(page.get_by_text("KI-rådet skal gi råd til Helsedirektoratet")).to_be_visible()
    axe_check("council")
    screenshot("council-desktop")
    page.set_viewport_size({"width": 375, "height": 800})
    screenshot("council-phone")


def test_login_works_by_keyboard_alone_with_a_skip_link_and_visible_focus(page, live_server, cast):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Hopp til hovedinnhold")
    expect(skip).to_be_visible()
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.locator(":focus")).to_have_id("main")

    # From the main landmark, the first field is the user name.
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_id("id_username")
    page.keyboard.type("rep-hdir")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_id("id_password")
    outline = page.locator(":focus").evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.type("pw")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt")
