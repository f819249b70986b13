"""Each notification kind raised by the service that causes it, delivered through the real
SMTP server, with a link to the page that does the work and no personal data of the public."""

import pytest
from django.db import transaction

from guidance.models import Assignment
from guidance.services.answers import assignment_sign_off, guidance_request_write_answer
from guidance.services.assignment import guidance_request_assign, guidance_request_triage
from guidance.services.tracking import requester_message_add
from network import services as network_services
from network.models import Escalation
from notifications import services
from notifications.models import Notification, UserSettings
from tests.factories import MeetingFactory
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


def _answered(cast, escalation, *, response, normative=False, agency=None):
    network_services.escalation_put_on_agenda(
        escalation=escalation, meeting=MeetingFactory(), by=cast["secretariat"]
    )
    escalation.refresh_from_db()
    return network_services.escalation_record_response(
        escalation=escalation,
        by=cast["secretariat"],
        data=network_services.ResponseData(response, normative, agency),
    )


def test_an_answer_sent_back_is_queued_in_its_transaction_and_sent_once_after_commit(
    smtp, cast, django_capture_on_commit_callbacks
):
    escalation = _answered(
        cast, EscalationFactory(raised_by=cast["kin_coordinator"]), response="Rådet anbefaler X"
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            network_services.escalation_send_back(escalation=escalation, by=cast["secretariat"])
            # The outbox row is written with the change, before anything is sent.
            row = Notification.objects.get(kind="answer_sent_back")
            assert row.status == Notification.Status.QUEUED
            assert row.user == cast["kin_coordinator"]
        assert smtp.messages == []
    for callback in callbacks:
        callback()
    callbacks[0]()  # the task delivered twice
    assert services.notifications_sweep(older_than_seconds=0) == 0
    subject, text = only_text(smtp, cast["kin_coordinator"])
    assert subject == f"KI-rådet har svart: {escalation.title}"
    assert "Rådet anbefaler X" in text
    assert "ikke normerende" in text
    assert f"{SITE}{escalation.get_absolute_url()}" in text
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert smtp.messages == smtp.to(cast["kin_coordinator"].email)


def test_an_answer_sent_back_that_rolls_back_queues_nothing(smtp, cast, agencies):
    escalation = _answered(
        cast,
        EscalationFactory(raised_by=cast["kin_coordinator"]),
        response="Veileder",
        normative=True,
        agency=agencies["DMP"],
    )

    @transaction.atomic
    def send_back_then_fail():
        network_services.escalation_send_back(escalation=escalation, by=cast["secretariat"])
        raise RuntimeError

    with pytest.raises(RuntimeError):
        send_back_then_fail()
    assert not Notification.objects.exists()
    assert smtp.messages == []


def test_an_english_coordinator_reads_the_answer_and_its_nature_in_english(
    smtp, cast, agencies, django_capture_on_commit_callbacks
):
    UserSettings.objects.create(user=cast["kin_coordinator"], language="en")
    escalation = _answered(
        cast,
        EscalationFactory(raised_by=cast["kin_coordinator"]),
        response="Veileder fra DMP",
        normative=True,
        agency=agencies["DMP"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        network_services.escalation_send_back(escalation=escalation, by=cast["secretariat"])
    subject, text = only_text(smtp, cast["kin_coordinator"])
    assert subject == f"KI-rådet has answered: {escalation.title}"
    assert "The answer is normative." in text
    assert "Veileder fra DMP" in text


def test_the_english_html_e_mail_marks_the_norwegian_data_in_it(
    smtp, cast, agencies, django_capture_on_commit_callbacks
):
    """Issue 21: the HTML part says <html lang="en">, so the title and the answer quoted in it
    carry lang="nb" (escaped); the portal's sentences and the plain-text part are as before."""
    UserSettings.objects.create(user=cast["kin_coordinator"], language="en")
    escalation = _answered(
        cast,
        EscalationFactory(raised_by=cast["kin_coordinator"], title="Logging <b>&</b> sporing"),
        response="Veileder fra DMP",
        normative=True,
        agency=agencies["DMP"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        network_services.escalation_send_back(escalation=escalation, by=cast["secretariat"])
    (message,) = smtp.to(cast["kin_coordinator"].email)
    html = smtp.html(message)
    assert '<html lang="en">' in html
    assert (
        "The council&#x27;s answer to «"
        '<span lang="nb">Logging &lt;b&gt;&amp;&lt;/b&gt; sporing</span>» has been sent back to'
    ) in html
    assert '<span lang="nb">Veileder fra DMP</span>' in html
    assert '<span lang="nb">The answer is normative.</span>' not in html
    assert "The answer is normative." in html
    assert "lang=" not in smtp.text(message)
    assert "«Logging <b>&</b> sporing»" in smtp.text(message)
