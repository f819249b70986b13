"""An agency representative's work in a real browser, on the real seed data (issue 10)."""

import pytest
from playwright.sync_api import expect

from kiraad.models import User
from measures.models import Measure
from measures.services import StatusData, measure_post_status
from tests.e2e.keyboard import tab_to, tab_to_submit, tab_until
from tests.e2e.portal_data import load_portal_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal_data():
    load_portal_data()


def test_representative_updates_own_measure_meets_a_conflict_and_is_refused_another(
    page, live_server, portal_data, login, screenshot, axe_check
):
    own = Measure.objects.get(number="FP2020-02")  # Helsedirektoratet's
    other = Measure.objects.get(number="FP2020-01")  # Helse Sør-Øst's
    login("rep-hdir", "demo-kiraad")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt")
    axe_check("dashboard (representative)")

    page.goto(f"{live_server.url}/measures/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check("measures list")
    screenshot("measures-list-desktop")

    page.goto(f"{live_server.url}{own.get_absolute_url()}")
    axe_check("measure detail")
    page.get_by_role("link", name="Legg inn statusoppdatering").click()
    axe_check("status update form")
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_label("Framdrift (%)").fill("40")
    page.get_by_label("Hva er gjort").fill("Kartlagt handlingsrommet i gjeldende rett.")

    # Someone else posts an update while this form is open.
    measure_post_status(
        measure=own,
        author=User.objects.get(username="sekretariat"),
        based_on=own.latest_update_id,
        data=StatusData(
            status="in_progress", progress=30, health="at_risk", done="Innspill fra HOD."
        ),
    )
    page.get_by_role("button", name="Lagre oppdatering").click()
    alert = page.get_by_role("alert").filter(has_text="Innspill fra HOD.")
    expect(alert).to_be_visible()
    expect(page.get_by_label("Hva er gjort")).to_have_value(
        "Kartlagt handlingsrommet i gjeldende rett."
    )
    axe_check("status update conflict")
    screenshot("measure-update-conflict-desktop")

    # Saving again posts the representative's update on top of the other one.
    page.get_by_role("button", name="Lagre oppdatering").click()
    expect(page).to_have_url(f"{live_server.url}{own.get_absolute_url()}")
    expect(page.get_by_text("Kartlagt handlingsrommet i gjeldende rett.").first).to_be_visible()
    own.refresh_from_db()
    assert own.progress == 40

    # Another agency's measure can be read but not updated.
    page.goto(f"{live_server.url}{other.get_absolute_url()}")
    expect(page.get_by_role("link", name="Legg inn statusoppdatering")).to_have_count(0)
    response = page.goto(f"{live_server.url}/measures/{other.pk}/update/")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har ikke tilgang til dette")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}{own.get_absolute_url()}")
    screenshot("measure-detail-phone")


def test_representative_posts_a_status_update_by_keyboard_alone(page, live_server, portal_data):
    own = Measure.objects.get(number="FP2020-03")
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "id_username")
    page.keyboard.type("rep-hdir")
    tab_to(page, "id_password")
    page.keyboard.type("demo-kiraad")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversikt")

    page.goto(f"{live_server.url}{own.get_absolute_url()}")
    tab_until(page, "el.href && el.href.endsWith('/update/')", "the update link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Legg inn statusoppdatering")
    tab_to(page, "id_status")
    page.keyboard.press("ArrowDown")
    tab_to(page, "id_progress")
    page.keyboard.press("Control+A")
    page.keyboard.type("55")
    tab_to(page, "id_done")
    page.keyboard.type("Utkast til veileder sendt på høring.")
    tab_to_submit(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}{own.get_absolute_url()}")
    own.refresh_from_db()
    assert own.progress == 55
    assert own.latest_update.done == "Utkast til veileder sendt på høring."
