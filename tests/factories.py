"""factory-boy factories for the council core. Apps add theirs in tests/<app>/factories.py."""

import datetime

import factory
from django.utils import timezone

from kiraad.models import (
    ActionItem,
    Agency,
    AgendaItem,
    Body,
    Commission,
    Mandate,
    Meeting,
    Membership,
    StatusReport,
    User,
)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.LazyAttribute(lambda o: f"Etat {o.code}")
    kind = Agency.Kind.DIRECTORATE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="no_NO")
    last_name = factory.Faker("last_name", locale="no_NO")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("pw")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body
        django_get_or_create = ["key"]

    key = "ki-radet"
    name = "KI-rådet for helse- og omsorgssektoren"
    kind = Body.Kind.COUNCIL
    active_from = datetime.date(2024, 4, 1)


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate
        django_get_or_create = ["key"]

    body = factory.SubFactory(BodyFactory)
    key = factory.Sequence(lambda n: f"mandate-{n}")
    title = "Mandat"
    term_start = datetime.date(2024, 4, 1)
    term_end = datetime.date(2025, 12, 31)
    meetings_per_half_year_min = 3
    meetings_per_half_year_max = 4


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    mandate = factory.SubFactory(MandateFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = Membership.Role.MEMBER
    start = datetime.date(2024, 4, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: f"KI-rådet {n}/2026")
    title = factory.LazyAttribute(lambda o: f"Møte {o.number}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = AgendaItem.Kind.DISCUSSION
    title = factory.Sequence(lambda n: f"Sak {n}")


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Oppfølging {n}")
    owner_agency = factory.SubFactory(AgencyFactory)
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class CommissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commission

    reference = factory.Sequence(lambda n: f"TB 2027-{n:02}")
    year = 2027
    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Oppdrag {n}")


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport

    title = "Statusrapport"
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 12, 31)
    as_of = factory.LazyFunction(timezone.now)
    requested_by = factory.SubFactory(UserFactory)
