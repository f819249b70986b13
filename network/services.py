"""Writes of the network app. Every write records who made it and why (simple-history)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad.access import Role
from kiraad.models import Agency, AgendaItem, Meeting, User
from kiraad.notifications import notify
from kiraad.services import ServiceError, save_with_reason
from network import reasons, selectors
from network.models import (
    AIDeployment,
    DeploymentExperience,
    Escalation,
    EscalationCategory,
    EscalationLevel,
    Network,
)
from network.priority import compute_priority

S = Escalation.Status

# History reasons with values: stored in English, translated when shown (kiraad.history).

# Which status may follow which; the services below are the only way to move.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.RAISED, S.CLOSED),
    S.RAISED: (S.AWAITING_COUNCIL, S.ON_AGENDA, S.CLOSED),
    S.AWAITING_COUNCIL: (S.ON_AGENDA, S.CLOSED),
    S.ON_AGENDA: (S.ANSWERED,),
    S.ANSWERED: (S.SENT_BACK,),
    S.SENT_BACK: (S.CLOSED,),
    S.CLOSED: (),
}

# The coordinator may still edit the issue itself until the council takes it up.
EDITABLE_STATUSES = (S.DRAFT, S.RAISED)


@dataclass(frozen=True)
class EscalationData:
    title: str
    description: str
    category: EscalationCategory
    severity: int
    resources: int
    benefit: int
    target_level: EscalationLevel | None


@dataclass(frozen=True)
class ResponseData:
    council_response: str
    answer_normative: bool
    responsible_agency: Agency | None


@dataclass(frozen=True)
class DeploymentData:
    system: str
    vendor: str
    health_trust: str
    region: str
    clinical_area: str
    intended_use: str
    intended_use_statement: str
    phase: str
    regulatory_status: str
    mdr_risk_class: str
    parent: AIDeployment | None
    benefit_notes: str
    cost_notes: str
    contact_name: str
    contact_email: str
    internal_note: str


@dataclass(frozen=True)
class ExperienceData:
    kind: str
    period: str
    summary: str
    benefit_realisation_plan: str
    cost_establishment: str
    cost_operation: str


def _move(escalation: Escalation, to: str) -> None:
    if to not in TRANSITIONS[escalation.status]:
        raise ServiceError(
            _("The escalation cannot move from «%(old)s» to «%(new)s».")
            % {"old": escalation.get_status_display(), "new": S(to).label}
        )
    escalation.status = to


def _lock(escalation: Escalation) -> Escalation:
    return Escalation.objects.select_for_update().get(pk=escalation.pk)


def _set_scores(escalation: Escalation, *, severity: int, resources: int, benefit: int) -> None:
    escalation.severity = severity
    escalation.resources = resources
    escalation.benefit = benefit
    escalation.computed_priority = compute_priority(
        severity=severity, resources=resources, benefit=benefit
    )
    escalation.priority = escalation.priority_override or escalation.computed_priority


@transaction.atomic
def escalation_create(
    *, network: Network, raised_by: User, data: EscalationData, submit: bool = True
) -> Escalation:
    """Raise an escalation for `network` (or keep it as a draft when `submit` is false)."""
    escalation = Escalation(
        network=network,
        raised_by=raised_by,
        title=data.title,
        description=data.description,
        category=data.category,
        target_level=data.target_level,
        status=S.RAISED if submit else S.DRAFT,
        raised_at=timezone.now() if submit else None,
    )
    _set_scores(escalation, severity=data.severity, resources=data.resources, benefit=data.benefit)
    save_with_reason(
        escalation,
        by=raised_by,
        reason=reasons.RAISED() if submit else reasons.DRAFT_CREATED(),
    )
    return escalation


@transaction.atomic
def escalation_update(*, escalation: Escalation, by: User, data: EscalationData) -> Escalation:
    """Edit the issue and its scores while the council has not yet taken it up."""
    escalation = _lock(escalation)
    if escalation.status not in EDITABLE_STATUSES:
        raise ServiceError(_("The escalation can no longer be edited."))
    escalation.title = data.title
    escalation.description = data.description
    escalation.category = data.category
    escalation.target_level = data.target_level
    _set_scores(escalation, severity=data.severity, resources=data.resources, benefit=data.benefit)
    save_with_reason(escalation, by=by, reason=reasons.EDITED())
    return escalation


@transaction.atomic
def escalation_submit(*, escalation: Escalation, by: User) -> Escalation:
    """Raise a draft to the council."""
    escalation = _lock(escalation)
    _move(escalation, S.RAISED)
    escalation.raised_at = timezone.now()
    save_with_reason(escalation, by=by, reason=reasons.RAISED())
    notify(
        kind="escalation_new",
        recipients=[Role.SECRETARIAT],
        subject_object=escalation,
        context={"title": escalation.title},
        path=escalation.get_absolute_url(),
    )
    return escalation


@transaction.atomic
def escalation_assess(
    *,
    escalation: Escalation,
    by: User,
    assessment: str,
    severity: int,
    resources: int,
    benefit: int,
    target_level: EscalationLevel | None,
) -> Escalation:
    """Record the secretariat's and the council's joint assessment beside the three scores.

    A raised escalation then awaits the council.
    """
    escalation = _lock(escalation)
    if escalation.status in (S.DRAFT, S.SENT_BACK, S.CLOSED):
        raise ServiceError(_("This escalation cannot be assessed now."))
    if not assessment.strip():
        raise ServiceError(_("Write the joint assessment."))
    escalation.assessment = assessment
    escalation.target_level = target_level
    _set_scores(escalation, severity=severity, resources=resources, benefit=benefit)
    if escalation.status == S.RAISED:
        _move(escalation, S.AWAITING_COUNCIL)
    save_with_reason(escalation, by=by, reason=reasons.JOINT_ASSESSMENT())
    return escalation


@transaction.atomic
def escalation_override_priority(
    *, escalation: Escalation, by: User, priority: int | None, reason: str
) -> Escalation:
    """Set (or clear, with `priority=None`) the priority override. A reason is always required:
    the criteria are weighed together, and a departure from the rule must say why."""
    escalation = _lock(escalation)
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give a reason for overriding the priority."))
    escalation.priority_override = priority
    escalation.priority_override_reason = reason if priority is not None else ""
    escalation.priority = priority or escalation.computed_priority
    save_with_reason(
        escalation,
        by=by,
        reason=(reasons.PRIORITY_OVERRIDDEN if priority else reasons.OVERRIDE_REMOVED)(
            reason=reason
        ),
    )
    return escalation


def meetings_open_for_agenda() -> models.QuerySet[Meeting]:
    """Upcoming meetings an escalation may be put on (not held, not cancelled)."""
    return (
        Meeting.objects.select_related("body")
        .filter(
            starts_at__gte=timezone.now(),
            status__in=(Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED),
        )
        .order_by("starts_at")
    )


@transaction.atomic
def escalation_put_on_agenda(
    *, escalation: Escalation, meeting: Meeting, by: User, kind: str = AgendaItem.Kind.ADVICE
) -> AgendaItem:
    """Put the escalation on an upcoming meeting's agenda. The new agenda item links back
    through `AgendaItem.escalations`."""
    escalation = _lock(escalation)
    if not meetings_open_for_agenda().filter(pk=meeting.pk).exists():
        raise ServiceError(_("Choose an upcoming meeting that has not been held."))
    _move(escalation, S.ON_AGENDA)
    last = meeting.agenda_items.aggregate(last=models.Max("order"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        order=last + 1,
        kind=kind,
        title=escalation.title,
        text=escalation.description,
        presenter_agency=escalation.network.agency,
    )
    save_with_reason(item, by=by, reason=reasons.AGENDA_ITEM_FROM_ESCALATION())
    escalation.agenda_item = item
    save_with_reason(escalation, by=by, reason=reasons.PUT_ON_AGENDA())
    return item


@transaction.atomic
def escalation_record_response(
    *, escalation: Escalation, by: User, data: ResponseData
) -> Escalation:
    """Record the council's response. A normative answer must name the responsible agency,
    and that agency cannot be a network: advice from the network is never normative."""
    escalation = _lock(escalation)
    if not data.council_response.strip():
        raise ServiceError(_("Write the council's response."))
    if data.answer_normative:
        if data.responsible_agency is None:
            raise ServiceError(_("A normative answer names the responsible agency."))
        if data.responsible_agency.kind == Agency.Kind.NETWORK:
            raise ServiceError(_("Advice from a network is never normative."))
    if escalation.status != S.ANSWERED:
        _move(escalation, S.ANSWERED)
    escalation.council_response = data.council_response
    escalation.answer_normative = data.answer_normative
    escalation.responsible_agency = data.responsible_agency
    escalation.answered_at = timezone.now()
    save_with_reason(escalation, by=by, reason=reasons.COUNCIL_RESPONSE())
    return escalation


@transaction.atomic
def escalation_send_back(*, escalation: Escalation, by: User) -> Escalation:
    """Send the answer back to the network; the coordinator who raised it gets an e-mail."""
    from network import tasks

    escalation = _lock(escalation)
    _move(escalation, S.SENT_BACK)
    escalation.sent_back_at = timezone.now()
    save_with_reason(escalation, by=by, reason=reasons.SENT_BACK())
    pk = escalation.pk
    transaction.on_commit(lambda: tasks.escalation_sent_back_email.delay(pk))
    return escalation


@transaction.atomic
def escalation_close(*, escalation: Escalation, by: User, reason: str) -> Escalation:
    """Close the escalation, with a reason."""
    escalation = _lock(escalation)
    if not reason.strip():
        raise ServiceError(_("Give a reason for closing."))
    _move(escalation, S.CLOSED)
    save_with_reason(escalation, by=by, reason=reasons.CLOSED(reason=reason.strip()))
    return escalation


def escalation_notify_sent_back(*, escalation_id: int) -> bool:
    """E-mail the coordinator who raised the escalation that the answer is back. Idempotent
    enough for a retry: it sends only while the escalation is sent back."""
    escalation = (
        Escalation.objects.select_related("raised_by", "network").filter(pk=escalation_id).first()
    )
    if escalation is None or escalation.status != S.SENT_BACK:
        return False
    recipient = escalation.raised_by.email
    if not recipient:
        return False
    subject = _("KI-rådet has answered: %(title)s") % {"title": escalation.title}
    body = _(
        "The council's answer to «%(title)s» has been sent back to %(network)s.\n\n"
        "%(response)s\n\n%(kind)s"
    ) % {
        "title": escalation.title,
        "network": escalation.network.name,
        "response": escalation.council_response,
        "kind": _("The answer is normative.")
        if escalation.answer_normative
        else _("The answer is advice only, not normative."),
    }
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    return True


@transaction.atomic
def deployment_create(
    *, data: DeploymentData, reported_by: User, reporting_agency: Agency | None
) -> AIDeployment:
    """Report an AI system in patient care to the register."""
    deployment = AIDeployment(reported_by=reported_by, reporting_agency=reporting_agency)
    for name, value in data.__dict__.items():
        setattr(deployment, name, value)
    _refuse_contradiction(deployment)
    save_with_reason(deployment, by=reported_by, reason=reasons.REPORTED())
    return deployment


@transaction.atomic
def deployment_update(*, deployment: AIDeployment, by: User, data: DeploymentData) -> AIDeployment:
    """Change a register entry; every change is kept in its history."""
    deployment = AIDeployment.objects.select_for_update().get(pk=deployment.pk)
    if data.parent is not None and data.parent.pk == deployment.pk:
        raise ServiceError(_("An entry cannot be its own platform."))
    before = {name: getattr(deployment, name) for name in _public_columns()}
    for name, value in data.__dict__.items():
        setattr(deployment, name, value)
    _refuse_contradiction(deployment)
    changed_public = any(getattr(deployment, name) != before[name] for name in before)
    if changed_public and deployment.publication == AIDeployment.Publication.PUBLISHED:
        # The public keeps seeing only what was reviewed: the change waits for a reviewer.
        deployment.publication = AIDeployment.Publication.DRAFT
    save_with_reason(deployment, by=by, reason=reasons.REGISTER_UPDATED())
    return deployment


def _public_columns() -> list[str]:
    return [selectors.register_column(name).attname for name in AIDeployment.PUBLIC_FIELDS]


def _refuse_contradiction(deployment: AIDeployment) -> None:
    if contradiction := deployment.contradiction():
        raise ServiceError(contradiction)


def deployment_last_author_id(deployment: AIDeployment) -> int | None:
    """Who wrote the entry's current version (the last change that was not a review)."""
    last = (
        AIDeployment.history.filter(id=deployment.pk)
        .exclude(history_change_reason__contains='"network.register_published"')
        .exclude(history_change_reason__contains='"network.register_withdrawn"')
        .order_by("-history_date", "-history_id")
        .values_list("history_user_id", flat=True)
        .first()
    )
    return last or deployment.reported_by_id


@transaction.atomic
def deployment_publish(*, deployment: AIDeployment, by: User) -> AIDeployment:
    """Publish the entry as it stands. Only someone other than its author may (the view checks
    the review right; this checks the four eyes)."""
    deployment = AIDeployment.objects.select_for_update().get(pk=deployment.pk)
    if deployment.publication == AIDeployment.Publication.PUBLISHED:
        raise ServiceError(_("The entry is already published."))
    if by.pk in (deployment.reported_by_id, deployment_last_author_id(deployment)):
        raise ServiceError(_("Someone other than the author must review and publish the entry."))
    _refuse_contradiction(deployment)
    now = timezone.now()
    deployment.publication = AIDeployment.Publication.PUBLISHED
    deployment.published_at = deployment.published_at or now
    deployment.public_changed_at = now
    deployment.withdrawn_reason = ""
    save_with_reason(deployment, by=by, reason=reasons.REGISTER_PUBLISHED())
    return deployment


@transaction.atomic
def deployment_withdraw(*, deployment: AIDeployment, by: User, reason: str) -> AIDeployment:
    """Withdraw a published entry with a public reason; it stays in the public history."""
    deployment = AIDeployment.objects.select_for_update().get(pk=deployment.pk)
    if deployment.publication != AIDeployment.Publication.PUBLISHED:
        raise ServiceError(_("Only a published entry can be withdrawn."))
    if not reason.strip():
        raise ServiceError(_("Give the public reason for withdrawing the entry."))
    deployment.publication = AIDeployment.Publication.WITHDRAWN
    deployment.withdrawn_reason = reason.strip()
    deployment.public_changed_at = timezone.now()
    save_with_reason(deployment, by=by, reason=reasons.REGISTER_WITHDRAWN())
    return deployment


@transaction.atomic
def deployment_add_experience(
    *, deployment: AIDeployment, by: User, data: ExperienceData
) -> DeploymentExperience:
    """Add a benefit or cost experience report to a register entry."""
    experience = DeploymentExperience(deployment=deployment, reported_by=by, **data.__dict__)
    save_with_reason(experience, by=by, reason=reasons.EXPERIENCE_REPORTED())
    return experience


def move_to_successor(
    *, agency: Agency, successor: Agency, on: datetime.date, by: User | None, reason: str
) -> int:
    """Dissolution handler: the dissolved agency's open escalations and its register entries
    move to the successor (with history)."""
    moved = 0
    for escalation in Escalation.objects.filter(
        responsible_agency=agency, status__in=Escalation.OPEN_STATUSES
    ):
        escalation.responsible_agency = successor
        save_with_reason(escalation, by=by, reason=reason, update_fields=["responsible_agency"])
        moved += 1
    for deployment in AIDeployment.objects.filter(reporting_agency=agency):
        deployment.reporting_agency = successor
        save_with_reason(deployment, by=by, reason=reason, update_fields=["reporting_agency"])
        moved += 1
    return moved
