"""The secretariat's work in a real browser (issue 10): triage and assign a guidance request."""

import datetime

import pytest
from django.utils.translation import gettext, override
from playwright.sync_api import expect

from guidance.models import GuidanceRequest
from guidance.services.intake import RequestData, guidance_request_submit
from kiraad.models import Agency
from tests.e2e.htmx_forms import send_by_enter, wait_for_form
from tests.e2e.portal_data import load_portal_data

pytestmark = pytest.mark.django_db(transaction=True)


def nb(text: str) -> str:
    with override("nb"):
        return gettext(text)


def test_secretariat_triages_and_assigns_a_request(page, live_server, login, screenshot, axe_check):
    load_portal_data()
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


def test_secretariat_plans_a_meeting_records_advice_and_a_follow_up_action(
    page, live_server, login, screenshot, axe_check
):
    from kiraad.models import ActionItem, AgendaItem, Meeting

    load_portal_data()
    login("sekretariat", "demo-kiraad")
    page.goto(f"{live_server.url}/council/meetings/new/")
    axe_check("plan a meeting")
    page.locator("#id_number").fill("KI-rådet 1/2027")
    page.locator("#id_title").fill("Rådsmøte om KI i akuttmottak")
    # A meeting is held once it has started: yesterday's meeting, registered today.
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.locator("#id_starts_at").fill(f"{yesterday:%Y-%m-%d}T10:00")
    page.locator("#id_place").fill("Helsedirektoratet, Oslo")
    page.get_by_role("button", name="Planlegg", exact=True).click()
    meeting = Meeting.objects.get(number="KI-rådet 1/2027")
    expect(page).to_have_url(f"{live_server.url}/council/meetings/{meeting.pk}/")
    axe_check("meeting detail (planned)")

    page.get_by_text(nb("Add agenda item"), exact=True).click()  # opens the <details>
    title = page.locator("#item-title")
    wait_for_form(page, title)  # fetched by htmx when the section opens
    page.locator("#item-kind").select_option("rad")
    title.fill("Råd om innføring av beslutningsstøtte")
    send_by_enter(page, title)
    # Wait for the page that answers the form before reading the database.
    expect(page.get_by_text("Råd om innføring av beslutningsstøtte").first).to_be_visible()
    item = AgendaItem.objects.get(meeting=meeting, title="Råd om innføring av beslutningsstøtte")

    for status in ("agenda_published", "held"):
        page.locator(f"button[name=to][value={status}]").click()
        meeting.refresh_from_db()
        assert meeting.status == status

    # Opening «Utfall og oppfølging» fetches the item's forms (htmx) in place of their links.
    details = page.locator(f"#item-{item.pk} details", has_text=nb("Outcome and follow-up"))
    summary = details.locator("summary")
    summary.click()
    wait_for_form(page, page.locator(f"#outcome-{item.pk}-outcome"))
    page.locator(f"#outcome-{item.pk}-outcome_kind").select_option("advice")
    page.locator(f"#outcome-{item.pk}-outcome").fill("Rådet anbefaler en nasjonal veileder.")
    details.get_by_role("button", name=nb("Save outcome")).click()
    expect(page.get_by_text("Rådet anbefaler en nasjonal veileder.").first).to_be_visible()
    item.refresh_from_db()
    assert item.outcome == "Rådet anbefaler en nasjonal veileder."

    summary.click()
    page.locator(f"#action-{item.pk}-title").fill("Lage utkast til veileder")
    page.locator(f"#action-{item.pk}-owner_agency").select_option(label="Helsedirektoratet")
    details.get_by_role("button", name=nb("Add follow-up action")).click()
    assert ActionItem.objects.filter(agenda_item=item, title="Lage utkast til veileder").exists()
    expect(page.get_by_text("Lage utkast til veileder").first).to_be_visible()
    axe_check("meeting detail (held)")
    screenshot("meeting-detail-desktop")


def test_secretariat_orders_a_hod_report_and_downloads_the_pdf(
    page, live_server, login, screenshot, axe_check, tmp_path
):
    from pypdf import PdfReader

    from kiraad.models import StatusReport

    load_portal_data()
    login("sekretariat", "demo-kiraad")
    page.goto(f"{live_server.url}/reports/")
    axe_check("reports")
    page.locator("#id_period_start").fill("2026-07-01")
    page.locator("#id_period_end").fill("2026-11-20")
    page.locator("#id_as_of").fill("2026-11-20")
    page.get_by_role("button", name=nb("Order report")).click()
    report = StatusReport.objects.latest("requested_at")
    page.goto(f"{live_server.url}/reports/{report.pk}/")
    download_link = page.get_by_role("link", name=nb("Download PDF"))
    expect(download_link).to_be_visible(timeout=60_000)
    axe_check("report detail")
    screenshot("report-detail-desktop")
    with page.expect_download() as download_info:
        download_link.click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    text = "".join(p.extract_text() for p in PdfReader(path).pages)
    assert "KI-rådet for helse- og omsorgssektoren" in text
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE
    assert len(report.checksum) == 64
