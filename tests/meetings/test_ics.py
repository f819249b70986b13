"""A meeting's calendar file keeps its UID, raises SEQUENCE on each change and says
METHOD:CANCEL when cancelled; checked with two independent parsers (issue 16, defect 6)."""

import datetime

import icalendar
import pytest
import vobject
from django.utils import timezone

from kiraad.meetings import services as svc
from kiraad.models import Meeting
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db
S = Meeting.Status


def parse(content: bytes):
    cal = icalendar.Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    other = vobject.readOne(content.decode())
    return cal, event, other


def test_ics_keeps_uid_raises_sequence_and_cancels(client, cast):
    body = BodyFactory(key="ki-radet")
    meeting = svc.meeting_plan(
        body=body,
        number="KI-rådet 1/2027",
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="Oslo",
        by=None,
    )
    svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    client.force_login(cast["dmp_rep"])
    url = f"/council/meetings/{meeting.pk}/meeting.ics"
    cal, event, other = parse(client.get(url).content)
    uid = str(event["uid"])
    assert (str(cal["method"]), int(event["sequence"])) == ("PUBLISH", 0)
    assert other.vevent.uid.value == uid
    assert int(other.vevent.sequence.value) == 0

    svc.meeting_change(
        meeting=meeting,
        starts_at=meeting.starts_at + datetime.timedelta(days=7),
        ends_at=None,
        place="Bergen",
        by=None,
    )
    cal, event, other = parse(client.get(url).content)
    assert str(event["uid"]) == uid
    assert int(event["sequence"]) == 1
    assert str(event["location"]) == "Bergen"
    assert int(other.vevent.sequence.value) == 1
    assert other.vevent.location.value == "Bergen"

    svc.meeting_transition(meeting=meeting, to=S.CANCELLED, reason="Sykdom", by=None)
    cal, event, other = parse(client.get(url).content)
    assert str(cal["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == uid
    assert int(event["sequence"]) == 2
    assert other.method.value == "CANCEL"
    assert other.vevent.status.value == "CANCELLED"
    assert int(other.vevent.sequence.value) == 2
