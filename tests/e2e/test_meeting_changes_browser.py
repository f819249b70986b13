"""The meeting page in a real browser (issue 16): the agenda reordered with htmx in place, a
blank agenda item title shown once next to the field on the meeting page, and the language
switch from that page lands on the meeting page (not a blank 405)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from kiraad.meetings import services as svc
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db(transaction=True)

FORM_STATE = """() => {
    const title = document.querySelector('#item-title');
    return {
        titles: document.querySelectorAll('#item-title').length,
        connected: title?.form?.isConnected,
        valid: title?.form?.checkValidity(),
        value: title?.value,
        htmx: document.querySelectorAll('.htmx-request, .htmx-swapping, .htmx-settling').length,
        url: location.href,
    };
}"""


def test_secretariat_reorders_the_agenda_and_sees_a_blank_title_error_on_the_page(
    page, live_server, login, cast, axe_check
):
    meeting = svc.meeting_plan(
        body=BodyFactory(key="ki-radet", decides=False),
        number="KI-rådet 5/2027",
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        place="Oslo",
        by=None,
    )
    svc.agenda_item_add(meeting=meeting, kind="rad", title="Første sak", by=None)
    svc.agenda_item_add(meeting=meeting, kind="rad", title="Andre sak", by=None)
    login("sekretariat")
    url = f"{live_server.url}/council/meetings/{meeting.pk}/"
    page.goto(url)
    axe_check("meeting page")

    page.get_by_role("button", name="Flytt «Andre sak» opp").click()
    items = page.locator("#agenda > ol > li > strong")
    expect(items.first).to_have_text("Andre sak")
    assert page.url == url  # swapped in place by htmx

    htmx_idle = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    page.wait_for_function(htmx_idle)
    page.get_by_text("Legg til sak").click()
    # The form is fetched when the section opens (htmx): type once it is there and htmx has
    # settled (on a loaded machine a swap still settling replaced the typed-in form, and the
    # post never left), and read the page the post answers with, not the one still showing
    # what was typed.
    expect(page.locator("#item-title")).to_be_editable()
    page.wait_for_function(htmx_idle)
    page.locator("#item-title").fill("   ")
    page.locator("#item-text").fill("Bakgrunnen som ble skrevet")
    # Sent from the keyboard (Enter in the title submits the form): a pointer click on «Legg
    # til» sent nothing three times in about ten CI runs under load, never when run alone; if
    # this fails too, the message says what the page held.
    try:
        with page.expect_navigation():
            page.locator("#item-title").press("Enter")
    except PlaywrightError as error:
        state = page.evaluate(FORM_STATE)
        raise AssertionError(f"the form was not sent: {state}") from error
    expect(page.locator("#item-text")).to_have_value("Bakgrunnen som ble skrevet")
    expect(page.get_by_text("Feltet er påkrevet.")).to_have_count(1)
    expect(page.locator("#agenda")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="KI-rådet 5/2027")).to_be_visible()
    assert page.url == url
