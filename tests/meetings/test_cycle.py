"""The meeting cycle as a guarded state machine, with its date checks (issue 16, defect 4)."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from kiraad.meetings import services as svc
from kiraad.models import ActionItem, AgendaItem, Meeting
from kiraad.services import ServiceError
from tests.factories import AgencyFactory, BodyFactory

pytestmark = pytest.mark.django_db
S = Meeting.Status


@pytest.fixture
def council():
    return BodyFactory(key="ki-radet", decides=False, active_from=datetime.date(2024, 4, 1))


def at(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def plan(body, *, days: int, number: str = "KI-rådet 1/2026") -> Meeting:
    return svc.meeting_plan(
        body=body, number=number, title="", starts_at=at(days), place="Oslo", by=None
    )


def hold(meeting: Meeting) -> Meeting:
    meeting.refresh_from_db()
    if meeting.status == S.PLANNED:
        svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    svc.meeting_transition(meeting=meeting, to=S.HELD, by=None)
    meeting.refresh_from_db()
    return meeting


def test_a_meeting_cannot_be_held_before_it_starts(council):
    meeting = plan(council, days=30)
    svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    with pytest.raises(ServiceError, match="før det starter"):
        svc.meeting_transition(meeting=meeting, to=S.HELD, by=None)
    meeting.refresh_from_db()
    assert meeting.status == S.AGENDA_PUBLISHED
    with time_machine.travel(meeting.starts_at + datetime.timedelta(minutes=1), tick=False):
        svc.meeting_transition(meeting=meeting, to=S.HELD, by=None)
    meeting.refresh_from_db()
    assert meeting.status == S.HELD


def test_a_meeting_is_dated_within_its_bodys_lifetime(council):
    with pytest.raises(ServiceError, match=r"opprettet 01\.04\.2024"):
        svc.meeting_plan(
            body=council,
            number="KI-rådet 0/2023",
            title="",
            starts_at=datetime.datetime(2023, 5, 1, 10, tzinfo=datetime.UTC),
            place="Oslo",
            by=None,
        )
    assert not Meeting.objects.exists()


def test_an_ended_body_gets_no_new_meetings(client, cast):
    ended = BodyFactory(
        key="styringsgruppe",
        name="Styringsgruppen",
        active_from=datetime.date(2020, 1, 1),
        active_to=datetime.date(2024, 3, 31),
    )
    with pytest.raises(ServiceError, match="avsluttet"):
        svc.meeting_plan(
            body=ended,
            number="SG 1/2024",
            title="",
            starts_at=datetime.datetime(2024, 2, 1, 10, tzinfo=datetime.UTC),
            place="Oslo",
            by=None,
        )
    BodyFactory(key="ki-radet")
    client.force_login(cast["secretariat"])
    page = client.get("/council/meetings/new/").text
    assert "Styringsgruppen" not in page
    assert "KI-rådet for helse- og omsorgssektoren" in page


def test_an_action_cannot_be_due_before_its_meeting(council, agencies):
    meeting = hold(plan(council, days=-3))
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Sak")
    with pytest.raises(ServiceError, match="forfalle før møtet"):
        svc.action_item_create(
            item=item,
            title="For tidlig",
            owner_agency=agencies["DMP"],
            due_date=timezone.localdate() - datetime.timedelta(days=10),
            by=None,
        )
    assert not ActionItem.objects.exists()


def test_dissolved_agencies_are_not_offered_and_refused(client, cast, council, agencies):
    gone = AgencyFactory(
        code="NHN-OLD", name="Nedlagt etat", dissolved_on=datetime.date(2024, 1, 1)
    )
    meeting = hold(plan(council, days=-1))
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Sak")
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{meeting.pk}/").text
    assert "Helsedirektoratet" in page
    assert "Nedlagt etat" not in page
    with pytest.raises(ServiceError, match="nedlagt"):
        svc.attendance_set(meeting=meeting, agency=gone, status="present", by=None)
    with pytest.raises(ServiceError, match="nedlagt"):
        svc.action_item_create(item=item, title="A", owner_agency=gone, due_date=None, by=None)


def test_no_move_buttons_on_a_held_meeting(client, cast, council):
    meeting = plan(council, days=-1)
    svc.agenda_item_add(meeting=meeting, kind="rad", title="Sak", by=None)
    svc.agenda_item_add(meeting=meeting, kind="rad", title="Sak 2", by=None)
    client.force_login(cast["secretariat"])
    assert 'name="direction"' in client.get(f"/council/meetings/{meeting.pk}/").text
    hold(meeting)
    assert 'name="direction"' not in client.get(f"/council/meetings/{meeting.pk}/").text


def test_cancelling_needs_a_reason_and_refusals_show_on_the_same_page(client, cast, council):
    meeting = plan(council, days=10)
    client.force_login(cast["secretariat"])
    url = f"/council/meetings/{meeting.pk}/transition/"
    response = client.post(url, {"to": "cancelled", "reason": " "}, follow=True)
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert response.text.count("Oppgi en grunn for å avlyse møtet") == 1
    meeting.refresh_from_db()
    assert meeting.status == S.PLANNED
    response = client.post(url, {"to": "held"}, follow=True)
    assert "kan ikke gå fra" in response.text
    client.post(url, {"to": "cancelled", "reason": "Sykdom"})
    meeting.refresh_from_db()
    assert meeting.status == S.CANCELLED
    assert meeting.cancel_reason == "Sykdom"
    assert "Sykdom" in client.get(meeting.get_absolute_url()).text


def test_closing_waits_for_open_actions(council, agencies):
    first = hold(plan(council, days=-20))
    svc.meeting_write_minutes(meeting=first, text="Referat", by=None)
    item = AgendaItem.objects.create(meeting=first, order=1, kind="rad", title="Sak")
    action = svc.action_item_create(
        item=item, title="A", owner_agency=agencies["DMP"], due_date=None, by=None
    )
    second = hold(plan(council, days=-5, number="KI-rådet 2/2026"))
    svc.agenda_item_approve_minutes(
        item=second.agenda_items.get(approves_minutes_of=first), by=None
    )
    with pytest.raises(ServiceError, match="oppfølgingspunkt"):
        svc.meeting_transition(meeting=first, to=S.CLOSED, by=None)
    svc.action_item_set_status(action=action, status=ActionItem.Status.DONE, by=None)
    svc.meeting_transition(meeting=first, to=S.CLOSED, by=None)
    first.refresh_from_db()
    assert first.status == S.CLOSED
