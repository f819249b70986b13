"""«Mine oppgaver» in the browser, one role each: open the list, follow a task to the form that
does it, do it, and see it leave the list (issue 18)."""

import datetime

import pytest
from django.utils import timezone
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from tests.guidance import conftest as guidance_fixtures
from tests.guidance.conftest import submit
from tests.measures.factories import MeasureFactory, PlanFactory, ReportingRoundFactory
from tests.network.factories import DeploymentFactory

pytestmark = pytest.mark.django_db(transaction=True)
areas = guidance_fixtures.areas


def nb(text: str) -> str:
    with override("nb"):
        return gettext(text)


def test_representative_posts_the_due_update(page, live_server, login, cast, agencies):
    today = timezone.localdate()
    plan = PlanFactory()
    measure = MeasureFactory(plan=plan, owned_by=agencies["HDIR"], title="Tiltak Alfa")
    ReportingRoundFactory(plan=plan, opens_on=today - datetime.timedelta(days=3), due_on=today)
    login("rep-hdir")
    page.goto(f"{live_server.url}/tasks/")
    task = page.get_by_role("link", name="Tiltak Alfa")
    task.click()
    expect(page).to_have_url(f"{live_server.url}/measures/{measure.pk}/update/")
    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_progress").fill("20")
    page.locator("#id_done").fill("Startet.")
    page.get_by_role("button", name=nb("Save update")).click()
    expect(page).to_have_url(f"{live_server.url}/measures/{measure.pk}/")
    page.goto(f"{live_server.url}/tasks/")
    expect(page.get_by_role("link", name="Tiltak Alfa")).to_have_count(0)
    expect(page.get_by_text(nb("You have nothing to do right now."))).to_be_visible()


def test_secretariat_triages_the_new_question(page, live_server, login, cast, areas):
    request, _token = submit([areas["law"]])
    login("sekretariat")
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_role("link", name=request.reference).click()
    expect(page).to_have_url(f"{live_server.url}{request.get_absolute_url()}")
    page.get_by_role("link", name=nb("Triage"), exact=True).click()
    page.get_by_label(nb("accept"), exact=True).check()
    page.get_by_role("button", name=nb("Save")).click()
    page.goto(f"{live_server.url}/tasks/")
    expect(page.get_by_role("link", name=request.reference)).to_have_count(0)


def test_coordinator_publishes_the_entry_to_review(page, live_server, login, cast):
    entry = DeploymentFactory(system="Sepsisvarsel", publication="draft")
    login("kin")
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_role("link", name="Sepsisvarsel").click()
    expect(page).to_have_url(f"{live_server.url}/network/register/{entry.pk}/")
    page.get_by_role("button", name=nb("Reviewed: publish")).click()
    page.goto(f"{live_server.url}/tasks/")
    expect(page.get_by_role("link", name="Sepsisvarsel")).to_have_count(0)
