"""Each notification kind raised by the service that causes it, delivered through the real
SMTP server, with a link to the page that does the work and no personal data of the public."""

import pytest

from guidance.models import Assignment
from guidance.services.answers import assignment_sign_off, guidance_request_write_answer
from guidance.services.assignment import guidance_request_assign, guidance_request_triage
from guidance.services.tracking import requester_message_add
from network import services as network_services
from network.models import Escalation
from notifications.models import Notification
from tests.guidance import conftest as guidance_fixtures
from tests.guidance.conftest import submit
from tests.network.factories import EscalationFactory

pytestmark = pytest.mark.django_db
SITE = "https://ki-radet.test"
areas = guidance_fixtures.areas  # the guidance tests' regulatory areas, as a fixture here


def only_text(smtp, user):
    (message,) = smtp.to(user.email)
    return message["Subject"], smtp.text(message)


def test_a_new_question_and_a_follow_up_reach_the_secretariat_without_personal_data(
    smtp,
    cast,
    areas,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        request, _token = submit([areas["law"]])
    subject, text = only_text(smtp, cast["secretariat"])
    assert subject.startswith("Nytt spørsmål eller oppfølging")
    assert f"{SITE}{request.get_absolute_url()}" in text
    for personal in ("Sentinel", "sentinel@example.org"):
        assert personal not in subject + text
    assert smtp.to(cast["hdir_rep"].email) == []
    with django_capture_on_commit_callbacks(execute=True):
        requester_message_add(request=request, text="Sentinel følger opp")
    assert len(smtp.to(cast["secretariat"].email)) == 2
    assert "Sentinel" not in smtp.text(smtp.to(cast["secretariat"].email)[1])


def test_an_assigned_request_reaches_the_new_agencies_only_then_dmp_confirmation(
    smtp,
    cast,
    agencies,
    areas,
    django_capture_on_commit_callbacks,
):
    request, _token = submit([areas["devices"]])
    guidance_request_triage(request=request, decision="accept", by=cast["secretariat"])
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        guidance_request_assign(
            request=request, lead=agencies["HDIR"], contributors=[], by=cast["secretariat"]
        )
    subject, text = only_text(smtp, cast["hdir_rep"])
    assert subject.startswith("Veiledningsforespørsel tildelt din etat")
    assert f"{SITE}{request.get_absolute_url()}" in text
    assert smtp.to(cast["dmp_rep"].email) == []
    with django_capture_on_commit_callbacks(execute=True):
        guidance_request_assign(
            request=request,
            lead=agencies["HDIR"],
            contributors=[agencies["DMP"]],
            by=cast["secretariat"],
        )
    # HDIR was assigned already: only DMP hears of it now.
    assert len(smtp.to(cast["hdir_rep"].email)) == 1
    assert len(smtp.to(cast["dmp_rep"].email)) == 1
    guidance_request_write_answer(
        request=request, text="Svar", normative=False, by=cast["hdir_rep"]
    )
    hdir, dmp = (
        Assignment.objects.get(request=request, agency=agencies[c]) for c in ("HDIR", "DMP")
    )
    with django_capture_on_commit_callbacks(execute=True):
        assignment_sign_off(assignment=hdir, by=cast["hdir_rep"])
    assert not Notification.objects.filter(kind="dmp_confirmation").exists()
    with django_capture_on_commit_callbacks(execute=True):
        assignment_sign_off(assignment=dmp, by=cast["dmp_rep"])
    last = smtp.to(cast["dmp_rep"].email)[-1]
    assert last["Subject"].startswith("DMPs bekreftelse trengs")
    assert Notification.objects.filter(kind="dmp_confirmation").count() == 1


def test_a_raised_escalation_reaches_the_secretariat(
    smtp, cast, django_capture_on_commit_callbacks
):
    escalation = EscalationFactory(
        status=Escalation.Status.DRAFT, raised_by=cast["kin_coordinator"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        network_services.escalation_submit(escalation=escalation, by=cast["kin_coordinator"])
    subject, text = only_text(smtp, cast["secretariat"])
    assert subject == f"Ny eskalering: {escalation.title}"
    assert f"{SITE}{escalation.get_absolute_url()}" in text
    assert smtp.to(cast["kin_coordinator"].email) == []
