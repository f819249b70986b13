"""factory-boy factories for the guidance app."""

import datetime

import factory
from django.utils import timezone

from guidance import fts
from guidance.models import (
    AreaResponsibility,
    Article,
    GuidanceMeeting,
    GuidanceRequest,
    Phase,
    RegulatoryArea,
)
from tests.factories import AgencyFactory


class RegulatoryAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegulatoryArea
        django_get_or_create = ["key"]

    key = factory.Sequence(lambda n: f"area-{n}")
    name = factory.LazyAttribute(lambda o: f"Område {o.key}")


class AreaResponsibilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AreaResponsibility

    area = factory.SubFactory(RegulatoryAreaFactory)
    agency = factory.SubFactory(AgencyFactory)


class GuidanceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceRequest

    reference = factory.Sequence(lambda n: f"VL-2026-{n + 5000:04d}")
    requester_name = "Kari Spørsmålsen"
    requester_email = factory.Sequence(lambda n: f"kari{n}@example.org")
    organisation = "Helse Test HF"
    org_kind = GuidanceRequest.OrgKind.HEALTH_TRUST
    title = factory.Sequence(lambda n: f"Spørsmål {n}")
    question = "Gjelder MDR for modellen vår?"
    phase = Phase.DEVELOPMENT
    consent = True
    received_at = factory.LazyFunction(timezone.now)

    class Params:
        closed = factory.Trait(
            status=GuidanceRequest.Status.CLOSED,
            answer_text="Svar",
            answered_at=factory.LazyFunction(timezone.now),
            closed_at=factory.LazyFunction(timezone.now),
        )
        overdue = factory.Trait(
            status=GuidanceRequest.Status.ASSIGNED,
            due_date=factory.LazyFunction(
                lambda: timezone.localdate() - datetime.timedelta(days=2)
            ),
        )


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"artikkel-{n}")
    title = factory.Sequence(lambda n: f"Artikkel {n}")
    summary = "Sammendrag"
    body_markdown = "Tekst"
    body_html = "<p>Tekst</p>"
    phases = factory.LazyFunction(lambda: [Phase.DEVELOPMENT])
    responsible_agency = factory.SubFactory(AgencyFactory)
    published = True
    no_personal_data = True

    @factory.post_generation
    def search_index(obj, create, extracted, **kwargs):
        """As article_save does: the SQLite default's search index (a no-op on PostgreSQL)."""
        if create:
            fts.index_article(obj)


class GuidanceMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuidanceMeeting

    title = factory.Sequence(lambda n: f"Veiledningsmøte {n}")
    community = "Demo-klynge"
    held_on = factory.LazyFunction(timezone.localdate)
