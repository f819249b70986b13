import datetime
from zoneinfo import ZoneInfo

import pytest

from kiraad.meetings.selectors import meetings_held_per_half_year
from kiraad.models import Meeting
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


def test_upcoming_and_past_meetings_are_the_nearest_on_each_side(cast):
    from django.utils import timezone

    from kiraad.meetings.selectors import meetings_upcoming_and_past

    body = BodyFactory()
    now = timezone.now()

    def meeting(days, status=Meeting.Status.AGENDA_PUBLISHED):
        return MeetingFactory(
            body=body, status=status, starts_at=now + datetime.timedelta(days=days)
        )

    in_one, in_three, in_two = meeting(1), meeting(3), meeting(2)
    meeting(1.5, Meeting.Status.CANCELLED)  # cancelled: not upcoming
    draft = meeting(0.5, Meeting.Status.PLANNED)  # the secretariat's only
    ago_one, ago_three, ago_two = (meeting(-d, Meeting.Status.HELD) for d in (1, 3, 2))
    called_off = meeting(-0.5, Meeting.Status.CANCELLED)  # past, cancelled: still listed
    MeetingFactory(body=BodyFactory(key="other"), starts_at=now + datetime.timedelta(days=1))

    upcoming, past = meetings_upcoming_and_past(body=body, user=cast["hdir_rep"], limit=2)
    assert upcoming == [in_one, in_two]
    assert past == [called_off, ago_one]

    upcoming, past = meetings_upcoming_and_past(body=body, user=cast["secretariat"], limit=10)
    assert upcoming == [draft, in_one, in_two, in_three]
    assert past == [called_off, ago_one, ago_two, ago_three]


def test_predecessors_come_with_their_sub_bodies_and_not_the_council():
    from kiraad.selectors import predecessor_bodies

    council = BodyFactory()
    old = BodyFactory(key="old", name="Gammelt organ", active_from=datetime.date(2020, 1, 1))
    older = BodyFactory(key="older", name="Eldre organ", active_from=datetime.date(2018, 1, 1))
    sub = BodyFactory(key="sub", name="Delprosjekt", parent=old)
    BodyFactory(key="council-group", name="Rådets arbeidsgruppe", parent=council)
    bodies = predecessor_bodies()
    assert bodies == [old, older]
    assert bodies[0].sub_bodies == [sub]
    assert bodies[1].sub_bodies == []
