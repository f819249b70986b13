"""The meeting page in a real browser (issue 16): the agenda reordered with htmx in place, a
blank agenda item title shown once next to the field on the meeting page, and the language
switch from that page lands on the meeting page (not a blank 405)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kiraad.meetings import services as svc
from tests.e2e.htmx_forms import HTMX_IDLE, send_by_enter, wait_for_form
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db(transaction=True)


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

    page.wait_for_function(HTMX_IDLE)
    page.get_by_text("Legg til sak").click()
    # The form is fetched when the section opens (htmx); read the page the post answers with,
    # not the one still showing what was typed.
    title = page.locator("#item-title")
    wait_for_form(page, title)
    title.fill("   ")
    page.locator("#item-text").fill("Bakgrunnen som ble skrevet")
    send_by_enter(page, title)
    expect(page.locator("#item-text")).to_have_value("Bakgrunnen som ble skrevet")
    expect(page.get_by_text("Feltet er påkrevet.")).to_have_count(1)
    expect(page.locator("#agenda")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="KI-rådet 5/2027")).to_be_visible()
    assert page.url == url
