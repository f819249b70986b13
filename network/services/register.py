"""The register of AI systems in patient care: reports, review and publication, experience.

Every write records who made it and why (simple-history)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad.models import Agency, User
from kiraad.services import ServiceError, save_with_reason
from network import reasons, selectors
from network.models import (
    AIDeployment,
    DeploymentExperience,
)


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
    language: str = "nb"


@dataclass(frozen=True)
class ExperienceData:
    kind: str
    period: str
    summary: str
    benefit_realisation_plan: str
    cost_establishment: str
    cost_operation: str


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


__all__ = [
    "DeploymentData",
    "ExperienceData",
    "deployment_add_experience",
    "deployment_create",
    "deployment_last_author_id",
    "deployment_publish",
    "deployment_update",
    "deployment_withdraw",
]
