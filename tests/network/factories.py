"""factory-boy factories for the network app."""

import factory
from django.utils import timezone

from network.models import (
    AIDeployment,
    DeploymentExperience,
    Escalation,
    EscalationCategory,
    EscalationLevel,
    Network,
)
from network.priority import compute_priority
from tests.factories import AgencyFactory, UserFactory


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ["code"]

    code = "KIN"
    name = "Kunstig intelligens i norsk helsetjeneste (KIN)"
    agency = factory.SubFactory(AgencyFactory, code="KIN", kind="network")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscalationCategory
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Kategori {n}")


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscalationLevel
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"level-{n}")
    name = factory.Sequence(lambda n: f"Nivå {n}")


class EscalationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Escalation

    network = factory.SubFactory(NetworkFactory)
    raised_by = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Eskalering {n}")
    description = "Beskrivelse"
    category = factory.SubFactory(CategoryFactory)
    target_level = factory.SubFactory(LevelFactory)
    severity = 3
    resources = 3
    benefit = 3
    computed_priority = factory.LazyAttribute(
        lambda o: compute_priority(severity=o.severity, resources=o.resources, benefit=o.benefit)
    )
    priority_override = None
    priority_override_reason = ""
    priority = factory.LazyAttribute(lambda o: o.priority_override or o.computed_priority)
    status = Escalation.Status.RAISED
    raised_at = factory.LazyFunction(timezone.now)


class DeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AIDeployment

    system = factory.Sequence(lambda n: f"System {n}")
    vendor = "Leverandør AS"
    health_trust = "Testsykehuset HF"
    region = AIDeployment.Region.HSO
    clinical_area = AIDeployment.ClinicalArea.RADIOLOGY
    intended_use = "Finne brudd"
    phase = AIDeployment.Phase.PILOT
    regulatory_status = AIDeployment.RegulatoryStatus.CE_MDR
    mdr_risk_class = AIDeployment.RiskClass.IIA
    reported_by = factory.SubFactory(UserFactory)
    # Reviewed and public unless a test says otherwise (new entries from the service are drafts).
    publication = AIDeployment.Publication.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    public_changed_at = factory.LazyFunction(timezone.now)


class ExperienceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeploymentExperience

    deployment = factory.SubFactory(DeploymentFactory)
    kind = DeploymentExperience.Kind.BENEFIT
    summary = "Sparte tid"
    reported_by = factory.SubFactory(UserFactory)
