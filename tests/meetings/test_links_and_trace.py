"""Links and trace (issue 16, defect 5): the secretariat links an agenda item to the records it
concerns from the meeting page; every record page shows the trace meeting → item → outcome →
actions → status reports; an outcome on an item about an escalation is the answer's draft."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from guidance.models import Assignment, Gap, GuidanceRequest
from guidance.services.assignment import guidance_request_sync_perms
from kiraad.history import history_entries
from kiraad.meetings import services as svc
from kiraad.models import ActionItem, AgendaItem, Meeting, StatusReport
from measures.models import Measure
from network.models import Escalation
from tests.factories import ActionItemFactory, AgendaItemFactory, MeetingFactory
from tests.guidance.factories import GuidanceRequestFactory
from tests.measures.factories import MeasureFactory
from tests.network.factories import EscalationFactory

pytestmark = pytest.mark.django_db
S = Meeting.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def held(agencies):
    """A held meeting a week ago with one item that has an outcome and a follow-up action."""
    meeting = MeetingFactory(
        number="KI-rådet 2/2026",
        status=S.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=7),
    )
    item = AgendaItemFactory(
        meeting=meeting,
        title="Skytjenester i sykehus",
        outcome_kind=AgendaItem.OutcomeKind.ADVICE,
        outcome="Rådet anbefaler felles veiledning om skytjenester.",
    )
    ActionItemFactory(
        meeting=meeting, agenda_item=item, title="Lage veileder", owner_agency=agencies["HDIR"]
    )
    return item


def links_url(item: AgendaItem) -> str:
    return f"/council/meetings/{item.meeting_id}/items/{item.pk}/links/"


def link(client, item, kind, pk, op="link"):
    return client.post(links_url(item), {"kind": kind, "record": pk, "op": op})


# --- the picker --------------------------------------------------------------------------------


def test_picker_searches_as_you_type_and_names_the_meetings_of_existing_links(client, cast, held):
    other = AgendaItemFactory(meeting__number="KI-rådet 1/2026", title="Tidligere sak")
    measure = MeasureFactory(title="Nasjonal skyløsning for KI")
    measure.agenda_items.add(other)
    MeasureFactory(title="Noe helt annet")
    client.force_login(cast["secretariat"])
    response = client.get(links_url(held), {"kind": "measure", "q": "skyløsning"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html  # only the results partial, swapped in by htmx
    assert "Nasjonal skyløsning for KI" in html
    assert "Noe helt annet" not in html
    assert "KI-rådet 1/2026, " in html  # the meeting it is on already
    assert measure.number in html


def test_picker_works_without_javascript_as_a_plain_search_page(client, cast, held):
    EscalationFactory(title="Testing før REK-godkjenning")
    client.force_login(cast["secretariat"])
    response = client.get(links_url(held), {"kind": "escalation", "q": "REK"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert 'name="q"' in html
    assert "Testing før REK-godkjenning" in html


def test_picker_never_offers_draft_escalations(client, cast, held):
    EscalationFactory(title="Utkast fra nettverket", status=Escalation.Status.DRAFT)
    client.force_login(cast["secretariat"])
    html = client.get(links_url(held), {"kind": "escalation", "q": "Utkast"}).content.decode()
    assert "Utkast fra nettverket" not in html


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("dmp_rep", 403), ("hdir_rep", 403)])
def test_only_the_secretariat_links(client, cast, held, who, status):
    measure = MeasureFactory()
    if who:
        client.force_login(cast[who])
    assert client.get(links_url(held), {"kind": "measure"}).status_code == status
    assert link(client, held, "measure", measure.pk).status_code == status
    assert not measure.agenda_items.exists()


def test_secretariat_links_and_unlinks_every_kind_with_history(client, cast, held):
    measure = MeasureFactory()
    escalation = EscalationFactory(status=Escalation.Status.AWAITING_COUNCIL)
    request = GuidanceRequestFactory()
    gap = Gap.objects.create(title="Uklart ansvar for validering")
    client.force_login(cast["secretariat"])
    for kind, pk in [
        ("measure", measure.pk),
        ("escalation", escalation.pk),
        ("guidance_request", request.pk),
        ("theme", gap.pk),
    ]:
        response = link(client, held, kind, pk)
        assert response.status_code == 302
        assert response.url.endswith(f"#item-{held.pk}")
    assert list(measure.agenda_items.all()) == [held]
    escalation.refresh_from_db()
    assert escalation.agenda_item == held
    assert escalation.status == Escalation.Status.ON_AGENDA
    assert GuidanceRequest.objects.get(pk=request.pk).agenda_item == held
    assert Gap.objects.get(pk=gap.pk).agenda_item == held
    newest = history_entries(measure)[0]
    assert newest.who == (cast["secretariat"].get_full_name() or cast["secretariat"].username)
    assert "Skytjenester i sykehus" in str(newest.reason)
    # The meeting page links back to each record.
    page = client.get(f"/council/meetings/{held.meeting_id}/").content.decode()
    for url in (
        f"/measures/{measure.pk}/",
        f"/network/escalations/{escalation.pk}/",
        f"/guidance/requests/{request.pk}/",
        "/guidance/gaps/#gap-",
    ):
        assert url in page
    link(client, held, "measure", measure.pk, op="unlink")
    link(client, held, "escalation", escalation.pk, op="unlink")
    assert not measure.agenda_items.exists()
    escalation.refresh_from_db()
    assert escalation.agenda_item is None
    assert escalation.status == Escalation.Status.AWAITING_COUNCIL


def test_meeting_page_shows_members_only_the_links_they_may_see(client, cast, agencies, held):
    held.meeting.status = S.MINUTES_APPROVED
    held.meeting.save()
    hidden = GuidanceRequestFactory(title="Ikke tildelt DMP", agenda_item=held)
    shown = GuidanceRequestFactory(title="Tildelt DMP", agenda_item=held)
    Assignment.objects.create(request=shown, agency=agencies["DMP"], role=Assignment.Role.LEAD)
    guidance_request_sync_perms(request=shown)
    client.force_login(cast["dmp_rep"])
    page = client.get(f"/council/meetings/{held.meeting_id}/").content.decode()
    assert "Tildelt DMP" in page
    assert hidden.title not in page
    assert links_url(held) not in page  # no picker for members


def test_measure_edit_form_no_longer_links_agenda_items(client, cast, held):
    """Defect: linking happened in the measure's edit form, in a list without meeting names."""
    measure = MeasureFactory()
    client.force_login(cast["secretariat"])
    html = client.get(f"/measures/{measure.pk}/edit/").content.decode()
    assert 'name="agenda_items"' not in html


# --- the trace on every record page ------------------------------------------------------------


def test_record_pages_show_the_trace_to_the_reports(client, cast, agencies, held):
    """Defect: components/trace.html was used on no page; actions linked to nothing."""
    report = StatusReport.objects.create(
        title="Statusrapport til HOD",
        period_start=timezone.localdate() - datetime.timedelta(days=30),
        period_end=timezone.localdate(),
        as_of=timezone.now(),
        state=StatusReport.State.DONE,
        requested_by=cast["secretariat"],
    )
    measure = MeasureFactory()
    measure.agenda_items.add(held)
    escalation = EscalationFactory(agenda_item=held, status=Escalation.Status.ON_AGENDA)
    request = GuidanceRequestFactory(agenda_item=held)
    action = ActionItem.objects.get(agenda_item=held)
    client.force_login(cast["secretariat"])
    for path in (
        f"/measures/{measure.pk}/",
        f"/network/escalations/{escalation.pk}/",
        f"/guidance/requests/{request.pk}/",
        f"/council/actions/{action.pk}/",
    ):
        html = client.get(path).content.decode()
        assert f"/council/meetings/{held.meeting_id}/#item-{held.pk}" in html, path
        assert "Rådet anbefaler felles veiledning" in html, path
        assert f"/council/actions/{action.pk}/" in html, path
        assert f"/reports/{report.pk}/" in html, path


def test_trace_hides_outcome_until_minutes_are_approved_and_reports_from_members(
    client, cast, held
):
    measure = MeasureFactory()
    measure.agenda_items.add(held)
    client.force_login(cast["dmp_rep"])
    html = client.get(f"/measures/{measure.pk}/").content.decode()
    assert held.meeting.number in html
    assert "Rådet anbefaler" not in html  # draft minutes: the secretariat's
    assert "/reports/" not in html


def test_meeting_page_links_each_action_to_its_page(client, cast, held):
    action = ActionItem.objects.get(agenda_item=held)
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{held.meeting_id}/").content.decode()
    assert f"/council/actions/{action.pk}/" in page
    assert f'id="item-{held.pk}"' in page


# --- the escalation's answer ------------------------------------------------------------------


def test_outcome_on_an_escalation_item_is_the_draft_of_the_answer(client, cast, held):
    """Defect: the outcome did not reach the escalation; the answer was typed again."""
    escalation = EscalationFactory(status=Escalation.Status.ON_AGENDA)
    item = AgendaItemFactory(meeting=held.meeting, title="Eskalering fra KIN")
    escalation.agenda_item = item
    escalation.save()
    svc.agenda_item_record_outcome(
        item=item,
        outcome_kind=AgendaItem.OutcomeKind.ADVICE,
        outcome="Rådet råder HDIR til å lage en nasjonal veileder.",
        by=cast["secretariat"],
    )
    client.force_login(cast["secretariat"])
    html = client.get(f"/network/escalations/{escalation.pk}/").content.decode()
    # The answer form starts from the outcome, marked as a draft; nothing is sent.
    assert 'id="answer-draft-note"' in html
    form = html[html.index("/response/") :]
    assert "Rådet råder HDIR til å lage en nasjonal veileder." in form[: form.index("</form>")]
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.ON_AGENDA
    assert escalation.council_response == ""
    assert mail.outbox == []
    # The secretariat reviews and saves it, then sends it back.
    response = client.post(
        f"/network/escalations/{escalation.pk}/response/",
        {"response-council_response": "Rådet råder HDIR til å lage en nasjonal veileder."},
    )
    assert response.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == Escalation.Status.ANSWERED
    assert escalation.council_response.startswith("Rådet råder HDIR")


def test_an_answer_already_written_is_not_replaced_by_the_outcome(client, cast, held):
    escalation = EscalationFactory(
        status=Escalation.Status.ANSWERED, agenda_item=held, council_response="Eget svar"
    )
    client.force_login(cast["secretariat"])
    html = client.get(f"/network/escalations/{escalation.pk}/").content.decode()
    assert 'id="answer-draft-note"' not in html
    form = html[html.index("/response/") :]
    assert "Eget svar" in form[: form.index("</form>")]


def test_linking_needs_a_visible_record(client, cast, held):
    client.force_login(cast["secretariat"])
    assert link(client, held, "measure", 999999).status_code == 404
    assert Measure.objects.filter(agenda_items=held).count() == 0
