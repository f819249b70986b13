"""Service tests: the priority rule, override reasons, the normative rule, the agenda link and
sending the answer back."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kiraad.models import Agency, AgendaItem, Meeting
from kiraad.services import ServiceError, agency_dissolve
from network import services
from network.models import AIDeployment, Escalation, Priority
from network.priority import compute_priority, priority_table
from notifications.models import Notification
from tests.factories import AgencyFactory, MeetingFactory
from tests.history_helpers import reason_en
from tests.network.factories import DeploymentFactory, EscalationFactory

S = Escalation.Status


@pytest.mark.parametrize(
    ("severity", "resources", "benefit", "expected"),
    [
        (5, 5, 1, 1),  # severity 5 is always priority 1, whatever it costs
        (4, 3, 3, 1),  # serious with some benefit
        (4, 4, 3, 2),  # ... but costly: one step down
        (3, 3, 3, 2),
        (3, 5, 3, 3),  # costly and middling: low
        (2, 1, 4, 1),  # cheap and very useful: raised one step from 2
        (2, 3, 4, 2),
        (1, 3, 2, 3),
        (1, 1, 1, 3),
        (1, 5, 5, 3),  # benefit alone, but expensive
    ],
)
def test_priority_rule(severity, resources, benefit, expected):
    assert compute_priority(severity=severity, resources=resources, benefit=benefit) == expected


def test_priority_rule_is_not_a_plain_sum():
    # Same sum (9), different priorities: the criteria are weighed, not added up.
    assert compute_priority(severity=5, resources=3, benefit=1) == 1
    assert compute_priority(severity=1, resources=3, benefit=5) == 2


def test_priority_rule_rejects_scores_outside_1_to_5():
    with pytest.raises(ValueError, match="1–5"):
        compute_priority(severity=0, resources=3, benefit=3)
    with pytest.raises(ValueError, match="1–5"):
        compute_priority(severity=3, resources=6, benefit=3)


def test_priority_table_has_severity_rows_high_first():
    table = priority_table()
    assert [row.severity for row in table] == [5, 4, 3, 2, 1]
    assert table[0].cells == (1, 1, 1, 1, 1)


def _data(category, level, **scores):
    values = {"severity": 3, "resources": 3, "benefit": 3, **scores}
    return services.EscalationData(
        title="Uklart regelverk",
        description="Hva gjelder?",
        category=category,
        target_level=level,
        **values,
    )


def test_create_computes_priority_and_records_history(cast, kin, category, level):
    escalation = services.escalation_create(
        network=kin,
        raised_by=cast["kin_coordinator"],
        data=_data(category, level, severity=5),
    )
    assert escalation.status == S.RAISED
    assert escalation.raised_at is not None
    assert escalation.computed_priority == escalation.priority == Priority.HIGH
    record = escalation.history.latest()
    assert record.history_user == cast["kin_coordinator"]
    assert reason_en(record) == "raised"


def test_draft_is_not_raised_until_submitted(cast, kin, category, level):
    escalation = services.escalation_create(
        network=kin, raised_by=cast["kin_coordinator"], data=_data(category, level), submit=False
    )
    assert escalation.status == S.DRAFT
    assert escalation.raised_at is None
    escalation = services.escalation_submit(escalation=escalation, by=cast["kin_coordinator"])
    assert escalation.status == S.RAISED
    assert escalation.raised_at is not None


def test_override_needs_a_reason(cast, escalation):
    with pytest.raises(ServiceError, match="reason"):
        services.escalation_override_priority(
            escalation=escalation, by=cast["secretariat"], priority=1, reason="  "
        )
    escalation.refresh_from_db()
    assert escalation.priority_override is None
    assert escalation.priority == escalation.computed_priority


def test_override_with_reason_sets_priority_and_history(cast, escalation):
    assert escalation.computed_priority == 2
    escalation = services.escalation_override_priority(
        escalation=escalation, by=cast["secretariat"], priority=1, reason="Rammer mange HF"
    )
    escalation.refresh_from_db()
    assert escalation.priority == 1
    assert escalation.priority_override_reason == "Rammer mange HF"
    assert "Rammer mange HF" in reason_en(escalation.history.latest())
    escalation = services.escalation_override_priority(
        escalation=escalation, by=cast["secretariat"], priority=None, reason="Tilbake til regelen"
    )
    assert escalation.priority == escalation.computed_priority == 2
    assert escalation.priority_override_reason == ""


def test_model_refuses_override_without_reason(escalation):
    escalation.priority_override = 1
    escalation.priority = 1
    with pytest.raises(ValidationError):
        escalation.full_clean()


def test_assessment_moves_to_awaiting_council_and_rescores(cast, escalation, level):
    escalation = services.escalation_assess(
        escalation=escalation,
        by=cast["secretariat"],
        assessment="Felles vurdering",
        severity=5,
        resources=5,
        benefit=2,
        target_level=level,
    )
    assert escalation.status == S.AWAITING_COUNCIL
    assert escalation.priority == 1
    assert escalation.assessment == "Felles vurdering"


def test_assessment_keeps_an_override(cast, escalation, level):
    services.escalation_override_priority(
        escalation=escalation, by=cast["secretariat"], priority=3, reason="Avventer"
    )
    escalation = services.escalation_assess(
        escalation=escalation,
        by=cast["secretariat"],
        assessment="x",
        severity=5,
        resources=1,
        benefit=5,
        target_level=level,
    )
    assert escalation.computed_priority == 1
    assert escalation.priority == 3


def test_coordinator_cannot_edit_once_the_council_has_it(cast, escalation, category, level):
    services.escalation_assess(
        escalation=escalation,
        by=cast["secretariat"],
        assessment="x",
        severity=3,
        resources=3,
        benefit=3,
        target_level=level,
    )
    with pytest.raises(ServiceError):
        services.escalation_update(
            escalation=escalation, by=cast["kin_coordinator"], data=_data(category, level)
        )


def test_put_on_agenda_creates_an_agenda_item_that_links_back(cast, escalation):
    meeting = MeetingFactory()
    AgendaItem.objects.create(meeting=meeting, order=4, kind="orientering", title="Annet")
    item = services.escalation_put_on_agenda(
        escalation=escalation, meeting=meeting, by=cast["secretariat"]
    )
    escalation.refresh_from_db()
    assert escalation.status == S.ON_AGENDA
    assert escalation.agenda_item == item
    assert item.meeting == meeting
    assert item.order == 5
    assert item.kind == AgendaItem.Kind.ADVICE
    assert item.presenter_agency == escalation.network.agency
    assert list(item.escalations.all()) == [escalation]
    assert item.history.latest().history_user == cast["secretariat"]


def test_put_on_agenda_refuses_a_past_or_held_meeting(cast, escalation):
    past = MeetingFactory(starts_at=timezone.now() - datetime.timedelta(days=1))
    held = MeetingFactory(status=Meeting.Status.HELD)
    for meeting in (past, held):
        with pytest.raises(ServiceError):
            services.escalation_put_on_agenda(
                escalation=escalation, meeting=meeting, by=cast["secretariat"]
            )
    assert AgendaItem.objects.count() == 0
    escalation.refresh_from_db()
    assert escalation.status == S.RAISED


def _on_agenda(cast, escalation):
    services.escalation_put_on_agenda(
        escalation=escalation, meeting=MeetingFactory(), by=cast["secretariat"]
    )
    escalation.refresh_from_db()
    return escalation


def test_normative_answer_needs_the_responsible_agency(cast, escalation):
    escalation = _on_agenda(cast, escalation)
    with pytest.raises(ServiceError, match="responsible agency"):
        services.escalation_record_response(
            escalation=escalation,
            by=cast["secretariat"],
            data=services.ResponseData("Svar", answer_normative=True, responsible_agency=None),
        )
    escalation.refresh_from_db()
    assert escalation.status == S.ON_AGENDA


def test_advice_from_the_network_is_never_normative(cast, escalation, agencies):
    escalation = _on_agenda(cast, escalation)
    with pytest.raises(ServiceError, match="never normative"):
        services.escalation_record_response(
            escalation=escalation,
            by=cast["secretariat"],
            data=services.ResponseData(
                "Svar", answer_normative=True, responsible_agency=agencies["KIN"]
            ),
        )
    escalation.refresh_from_db()
    assert not escalation.answer_normative
    # The model refuses it too, whoever saves it.
    escalation.answer_normative = True
    escalation.responsible_agency = agencies["KIN"]
    with pytest.raises(ValidationError):
        escalation.full_clean()


def test_normative_answer_of_the_responsible_agency(cast, escalation, agencies):
    escalation = _on_agenda(cast, escalation)
    escalation = services.escalation_record_response(
        escalation=escalation,
        by=cast["secretariat"],
        data=services.ResponseData(
            "Veileder", answer_normative=True, responsible_agency=agencies["DMP"]
        ),
    )
    assert escalation.status == S.ANSWERED
    assert escalation.answer_normative
    assert escalation.responsible_agency == agencies["DMP"]


def test_send_back_queues_the_coordinators_notice_in_the_outbox(
    cast, escalation, django_capture_on_commit_callbacks
):
    escalation = _on_agenda(cast, escalation)
    services.escalation_record_response(
        escalation=escalation,
        by=cast["secretariat"],
        data=services.ResponseData("Rådet anbefaler X", False, None),
    )
    with django_capture_on_commit_callbacks(execute=True):
        escalation = services.escalation_send_back(escalation=escalation, by=cast["secretariat"])
    escalation.refresh_from_db()
    assert escalation.status == S.SENT_BACK
    assert escalation.sent_back_at is not None
    row = Notification.objects.get(kind="answer_sent_back")
    assert row.user == cast["kin_coordinator"]
    assert row.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast["kin_coordinator"].email]
    assert "Rådet anbefaler X" in mail.outbox[0].body
    assert "ikke normerende" in mail.outbox[0].body  # the e-mail is in the coordinator's language


def test_send_back_refuses_an_unanswered_escalation(cast, escalation):
    with pytest.raises(ServiceError):
        services.escalation_send_back(escalation=escalation, by=cast["secretariat"])
    escalation.refresh_from_db()
    assert escalation.status == S.RAISED
    assert len(mail.outbox) == 0


def test_close_needs_a_reason(cast, escalation):
    with pytest.raises(ServiceError):
        services.escalation_close(escalation=escalation, by=cast["secretariat"], reason="")
    escalation = services.escalation_close(
        escalation=escalation, by=cast["secretariat"], reason="Duplikat"
    )
    assert escalation.status == S.CLOSED
    assert reason_en(escalation.history.latest()) == "closed: Duplikat"


def _deployment_data(**overrides):
    values = {
        "system": "Bruddfinner",
        "vendor": "Leverandør",
        "health_trust": "Sykehuset HF",
        "region": "HSØ",
        "clinical_area": "radiology",
        "intended_use": "Brudd",
        "intended_use_statement": "",
        "phase": "pilot",
        "regulatory_status": "ce_mdr",
        "mdr_risk_class": "IIa",
        "parent": None,
        "benefit_notes": "",
        "cost_notes": "",
        "contact_name": "",
        "contact_email": "",
        "internal_note": "",
    }
    values.update(overrides)
    return services.DeploymentData(**values)


def test_deployment_create_update_and_experience(cast, hso_rep, hso):
    platform = DeploymentFactory(system="Plattform")
    deployment = services.deployment_create(
        data=_deployment_data(parent=platform), reported_by=hso_rep, reporting_agency=hso
    )
    assert list(platform.hosted.all()) == [deployment]
    deployment = services.deployment_update(
        deployment=deployment, by=hso_rep, data=_deployment_data(phase="in_operation")
    )
    assert deployment.phase == AIDeployment.Phase.IN_OPERATION
    assert deployment.history.count() == 2
    experience = services.deployment_add_experience(
        deployment=deployment,
        by=hso_rep,
        data=services.ExperienceData("cost", "2026", "Dyrt å drifte", "", "1 MNOK", ""),
    )
    assert list(deployment.experiences.all()) == [experience]


def test_deployment_cannot_be_its_own_platform(cast):
    deployment = DeploymentFactory()
    with pytest.raises(ServiceError):
        services.deployment_update(
            deployment=deployment, by=cast["secretariat"], data=_deployment_data(parent=deployment)
        )


def test_dissolution_moves_open_escalations_and_register_entries(cast, agencies, hso):
    successor = AgencyFactory(code="NEW", name="Ny etat")
    open_one = EscalationFactory(
        responsible_agency=agencies["DMP"], status=S.ANSWERED, council_response="x"
    )
    closed = EscalationFactory(responsible_agency=agencies["DMP"], status=S.CLOSED)
    deployment = DeploymentFactory(reporting_agency=agencies["DMP"])
    report = agency_dissolve(
        agency=agencies["DMP"],
        successor=successor,
        on=datetime.date(2027, 1, 1),
        change_kind=Agency.ChangeKind.MERGER,
        by=cast["admin"],
        reason="sammenslåing",
    )
    assert report.moved_by_apps["network"] == 2
    open_one.refresh_from_db()
    closed.refresh_from_db()
    deployment.refresh_from_db()
    assert open_one.responsible_agency == successor
    assert closed.responsible_agency == agencies["DMP"]
    assert deployment.reporting_agency == successor
    assert reason_en(open_one.history.latest()) == "sammenslåing"
