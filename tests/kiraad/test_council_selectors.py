import datetime
from zoneinfo import ZoneInfo

import pytest

from kiraad.models import Meeting
from kiraad.selectors import meetings_held_per_half_year
from tests.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def test_meetings_held_are_counted_per_half_year_in_oslo_time():
    body = BodyFactory()
    held = Meeting.Status.HELD
    MeetingFactory(body=body, status=held, starts_at=datetime.datetime(2025, 2, 3, 10, tzinfo=OSLO))
    # 1 July 00:30 in Oslo is still 30 June in UTC: it belongs to the second half-year.
    MeetingFactory(
        body=body, status=held, starts_at=datetime.datetime(2025, 7, 1, 0, 30, tzinfo=OSLO)
    )
    MeetingFactory(
        body=body,
        status=Meeting.Status.MINUTES_APPROVED,
        starts_at=datetime.datetime(2025, 9, 1, 10, tzinfo=OSLO),
    )
    MeetingFactory(body=body, status=Meeting.Status.PLANNED)  # not held: not counted
    assert meetings_held_per_half_year(body=body) == [("2025 H1", 1), ("2025 H2", 2)]
