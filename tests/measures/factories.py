"""Factories for the measures app. Owners go through the service so permissions follow."""

import factory

from measures.models import Measure, Plan, ReportingRound
from measures.services import OwnerData, measure_set_owners


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan
        django_get_or_create = ["key"]

    key = "FP2020"
    title = "Felles plan for 2020 inkludert ansvar og prioriteringer"
    year = 2020


class MeasureFactory(factory.django.DjangoModelFactory):
    """`MeasureFactory(owned_by=agency)` makes the agency the lead owner, with permissions."""

    class Meta:
        model = Measure
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: f"T-{n:04d}")
    order = factory.Sequence(lambda n: n)
    priority = 1
    area = "Regelverk"
    kind = Measure.Kind.UTREDNING
    title = factory.Sequence(lambda n: f"Tiltak {n}")
    description = "Beskrivelse"

    @factory.post_generation
    def owned_by(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            agencies = extracted if isinstance(extracted, list | tuple) else [extracted]
            lead = None if len(agencies) > 1 else agencies[0]
            measure_set_owners(
                measure=obj,
                owners=OwnerData(lead=lead, co_owners=list(agencies)),
                by=None,
                reason="test",
            )


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Runde {n}")
