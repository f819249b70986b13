"""Versions written "in the past" (kiraad/backdate.py) carry their own time, one a microsecond
after the other when a record has several at one moment, also after the database is emptied."""

import datetime

from django.utils import timezone

from kiraad.backdate import forget_dated_moments, history_dated
from kiraad.models import Agency
from tests.factories import AgencyFactory

MOMENT = timezone.make_aware(datetime.datetime(2020, 1, 1, 9, 0))


def test_versions_of_one_record_at_one_moment_are_a_microsecond_apart(db):
    with history_dated(MOMENT):
        agency = AgencyFactory(code="X")
        agency.name = "Etat X, nytt navn"
        agency.save()
    dates = sorted(agency.history.values_list("history_date", flat=True))
    assert dates == [MOMENT, MOMENT + datetime.timedelta(microseconds=1)]


def test_a_load_into_an_emptied_database_dates_its_versions_as_the_first_load_did(db):
    def load() -> list[datetime.datetime]:
        with history_dated(MOMENT):
            agency = AgencyFactory(pk=9001, code="X")
        return list(agency.history.values_list("history_date", flat=True))

    first = load()
    Agency.objects.all().delete()
    Agency.history.all().delete()  # the deletion's version too: the database is empty
    forget_dated_moments()  # as tests/conftest.py does before each test

    assert load() == first == [MOMENT]
