"""Escalation pages: the permission matrix per route, and what each role sees."""

import pytest
from django.core import mail

from kiraad.models import AgendaItem
from network import services
from network.models import Escalation
from tests.factories import MeetingFactory
from tests.network.factories import EscalationFactory

S = Escalation.Status
LOGIN = "/accounts/login/"


def _snapshot():
    """Everything a forbidden POST must leave untouched."""
    return (
        list(Escalation.objects.order_by("pk").values()),
        Escalation.history.count(),
        AgendaItem.objects.count(),
    )


def _login(client, cast, who):
    if who:
        client.force_login(cast[who])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("dmp_rep", 200),
        ("hdir_rep", 200),
        ("kin_coordinator", 200),
        ("secretariat", 200),
    ],
)
@pytest.mark.parametrize("path", ["/network/", "/network/?view=awaiting", "detail"])
def test_read_pages(client, cast, escalation, who, status, path):
    _login(client, cast, who)
    url = f"/network/escalations/{escalation.pk}/" if path == "detail" else path
    response = client.get(url)
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith(LOGIN)


def test_missing_escalation_is_404(client, cast):
    client.force_login(cast["secretariat"])
    assert client.get("/network/escalations/999999/").status_code == 404


NEW_POST = {
    "title": "Ny sak",
    "description": "Beskrivelse",
    "severity": "4",
    "resources": "2",
    "benefit": "4",
}


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        (None, 302, 302),
        ("dmp_rep", 403, 403),
        ("hdir_rep", 403, 403),
        ("kin_coordinator", 200, 302),
        ("secretariat", 200, 302),
    ],
)
def test_create_page(client, cast, kin, category, level, who, get_status, post_status):
    _login(client, cast, who)
    assert client.get("/network/escalations/new/").status_code == get_status
    before = _snapshot()
    data = {**NEW_POST, "category": category.pk, "target_level": level.pk, "network": kin.pk}
    response = client.post("/network/escalations/new/", data)
    assert response.status_code == post_status
    if post_status == 302 and who:
        escalation = Escalation.objects.get()
        assert response["Location"] == f"/network/escalations/{escalation.pk}/"
        assert escalation.raised_by == cast[who]
        assert escalation.priority == 1
        assert escalation.status == S.RAISED
    else:
        assert _snapshot() == before


def test_create_keeps_input_and_shows_errors(client, cast, kin, category):
    client.force_login(cast["kin_coordinator"])
    response = client.post(
        "/network/escalations/new/",
        {"title": "Beholdt tittel", "description": "", "category": category.pk, "severity": "9"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Beholdt tittel" in content
    assert "ds-error-summary" in content
    assert Escalation.objects.count() == 0


def test_save_as_draft(client, cast, kin, category):
    client.force_login(cast["kin_coordinator"])
    data = {**NEW_POST, "category": category.pk, "network": kin.pk, "save_draft": "1"}
    client.post("/network/escalations/new/", data)
    assert Escalation.objects.get().status == S.DRAFT


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        (None, 302, 302),
        ("dmp_rep", 403, 403),
        ("hdir_rep", 403, 403),
        ("kin_coordinator", 200, 302),
        ("secretariat", 200, 302),
    ],
)
def test_edit_page(client, cast, escalation, category, who, get_status, post_status):
    _login(client, cast, who)
    url = f"/network/escalations/{escalation.pk}/edit/"
    assert client.get(url).status_code == get_status
    before = _snapshot()
    response = client.post(url, {**NEW_POST, "category": category.pk, "title": "Endret"})
    assert response.status_code == post_status
    escalation.refresh_from_db()
    if post_status == 302 and who:
        assert escalation.title == "Endret"
    else:
        assert _snapshot() == before


def _triage_posts(escalation, meeting):
    return {
        "assess": {
            "assess-assessment": "Vurdering",
            "assess-severity": "5",
            "assess-resources": "1",
            "assess-benefit": "5",
        },
        "override": {"override-priority": "3", "override-reason": "Begrunnelse"},
        "agenda": {"agenda-meeting": meeting.pk, "agenda-kind": "rad"},
        "close": {"close-reason": "Duplikat"},
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("dmp_rep", 403),
        ("hdir_rep", 403),
        ("kin_coordinator", 403),
        ("secretariat", 302),
    ],
)
@pytest.mark.parametrize("action", ["assess", "override", "agenda", "close"])
def test_secretariat_actions(client, cast, escalation, who, status, action):
    meeting = MeetingFactory()
    _login(client, cast, who)
    before = _snapshot()
    response = client.post(
        f"/network/escalations/{escalation.pk}/{action}/",
        _triage_posts(escalation, meeting)[action],
    )
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith(LOGIN)
    if status != 302 or who is None:
        assert _snapshot() == before
    else:
        escalation.refresh_from_db()
        expected = {
            "assess": S.AWAITING_COUNCIL,
            "override": S.RAISED,
            "agenda": S.ON_AGENDA,
            "close": S.CLOSED,
        }
        assert escalation.status == expected[action]


@pytest.mark.parametrize(
    ("who", "status"),
    [(None, 302), ("dmp_rep", 403), ("kin_coordinator", 403), ("secretariat", 302)],
)
def test_response_and_send_back(
    client, cast, escalation, who, status, django_capture_on_commit_callbacks
):
    services.escalation_put_on_agenda(
        escalation=escalation, meeting=MeetingFactory(), by=cast["secretariat"]
    )
    _login(client, cast, who)
    before = _snapshot()
    response = client.post(
        f"/network/escalations/{escalation.pk}/response/",
        {"response-council_response": "Rådets svar"},
    )
    assert response.status_code == status
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/network/escalations/{escalation.pk}/send-back/")
    assert response.status_code == status
    escalation.refresh_from_db()
    if who == "secretariat":
        assert escalation.status == S.SENT_BACK
        assert escalation.council_response == "Rådets svar"
        assert len(mail.outbox) == 1
    else:
        assert _snapshot() == before
        assert len(mail.outbox) == 0


def test_override_without_reason_shows_error_and_changes_nothing(client, cast, escalation):
    client.force_login(cast["secretariat"])
    before = _snapshot()
    response = client.post(
        f"/network/escalations/{escalation.pk}/override/", {"override-priority": "1"}
    )
    assert response.status_code == 400
    assert "ds-error-summary" in response.content.decode()
    assert _snapshot() == before


def test_normative_answer_without_agency_is_refused_in_the_form(client, cast, escalation):
    services.escalation_put_on_agenda(
        escalation=escalation, meeting=MeetingFactory(), by=cast["secretariat"]
    )
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/network/escalations/{escalation.pk}/response/",
        {"response-council_response": "Svar", "response-answer_normative": "on"},
    )
    assert response.status_code == 400
    escalation.refresh_from_db()
    assert escalation.status == S.ON_AGENDA


def test_coordinator_sees_status_and_answer(client, cast, escalation, agencies):
    services.escalation_put_on_agenda(
        escalation=escalation,
        meeting=MeetingFactory(number="KI-rådet 3/2026"),
        by=cast["secretariat"],
    )
    services.escalation_record_response(
        escalation=escalation,
        by=cast["secretariat"],
        data=services.ResponseData("Rådet anbefaler en veileder", True, agencies["DMP"]),
    )
    services.escalation_send_back(escalation=escalation, by=cast["secretariat"])
    client.force_login(cast["kin_coordinator"])
    content = client.get(f"/network/escalations/{escalation.pk}/").content.decode()
    assert "Rådet anbefaler en veileder" in content
    assert "Normative: a product of Direktoratet for medisinske produkter" in content
    assert "KI-rådet 3/2026" in content
    assert "Secretariat" not in content  # no triage forms for the coordinator


def test_detail_shows_the_priority_rule(client, cast, escalation):
    client.force_login(cast["dmp_rep"])
    content = client.get(f"/network/escalations/{escalation.pk}/").content.decode()
    assert "How the priority is computed" in content
    assert "Base priority (1 high, 3 low) by severity and benefit" in content


def test_awaiting_view_is_ranked_by_priority(client, cast, kin, category):
    low = EscalationFactory(network=kin, category=category, title="Lav", severity=1, benefit=1)
    high = EscalationFactory(network=kin, category=category, title="Høy", severity=5)
    EscalationFactory(network=kin, category=category, title="Lukket", severity=5, status=S.CLOSED)
    client.force_login(cast["secretariat"])
    page = client.get("/network/?view=awaiting").context["page"]
    assert list(page.object_list) == [high, low]


def test_list_filters(client, cast, kin, category):
    EscalationFactory(network=kin, category=category, title="Sky", status=S.CLOSED)
    EscalationFactory(network=kin, category=category, title="Infrastruktur")
    client.force_login(cast["dmp_rep"])
    page = client.get("/network/", {"status": "closed"}).context["page"]
    assert [e.title for e in page.object_list] == ["Sky"]
    page = client.get("/network/", {"q": "infra"}).context["page"]
    assert [e.title for e in page.object_list] == ["Infrastruktur"]


def test_list_flags_escalations_waiting_too_long(client, cast, kin, category):
    import datetime

    from django.conf import settings
    from django.utils import timezone

    EscalationFactory(
        network=kin,
        category=category,
        raised_at=timezone.now() - datetime.timedelta(days=settings.ESCALATION_WAIT_DAYS + 1),
    )
    client.force_login(cast["secretariat"])
    assert "waiting too long" in client.get("/network/?view=awaiting").content.decode()


def test_htmx_filter_returns_only_the_results(client, cast, kin, category):
    EscalationFactory(network=kin, category=category, title="Treff")
    client.force_login(cast["dmp_rep"])
    response = client.get("/network/", {"q": "Treff"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "Treff" in content
    assert "<html" not in content


@pytest.mark.parametrize(
    ("who", "visible"),
    [("dmp_rep", False), ("hdir_rep", False), ("kin_coordinator", True), ("secretariat", True)],
)
def test_drafts_are_seen_only_by_their_network_and_the_secretariat(
    client, cast, kin, category, who, visible
):
    draft = EscalationFactory(
        network=kin, category=category, title="Kladd", status=S.DRAFT, raised_at=None
    )
    client.force_login(cast[who])
    assert client.get(f"/network/escalations/{draft.pk}/").status_code == (200 if visible else 404)
    titles = [e.title for e in client.get("/network/").context["page"].object_list]
    assert ("Kladd" in titles) is visible
