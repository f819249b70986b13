"""Meetings can change before they are held (issue 16): time and place through «Endre møtet»,
cancelling with a reason, each change e-mailed to the members with the meeting's .ics attached
(parsed with icalendar and vobject); agenda items edited, removed and reordered; and the
meeting page's forms keep the page and what was typed on error (defect 3)."""

import datetime

import icalendar
import pytest
import vobject
from django.core import mail
from django.utils import timezone

from kiraad.meetings import services as svc
from kiraad.models import AgendaItem, Mandate, Meeting, Membership, Representative
from tests.factories import BodyFactory, MeetingFactory
from tests.history_helpers import reason_en

pytestmark = pytest.mark.django_db
S = Meeting.Status


@pytest.fixture
def council(cast):
    body = BodyFactory(key="ki-radet", decides=False)
    mandate = Mandate.objects.create(body=body, key="m", title="Mandat")
    membership = Membership.objects.create(mandate=mandate, agency=cast["dmp_rep"].agency)
    Representative.objects.create(membership=membership, user=cast["dmp_rep"])
    return body


def published(body, days=20) -> Meeting:
    meeting = svc.meeting_plan(
        body=body,
        number="KI-rådet 1/2027",
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place="Oslo",
        by=None,
    )
    svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    meeting.refresh_from_db()
    return meeting


def ics_of(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    content = attachment[1] if isinstance(attachment[1], bytes) else attachment[1].encode()
    cal = icalendar.Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    return cal, event, vobject.readOne(content.decode())


def local(value: datetime.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_secretariat_moves_a_meeting_and_members_get_the_updated_ics(
    client, cast, council, django_capture_on_commit_callbacks
):
    meeting = published(council)
    mail.outbox.clear()
    client.force_login(cast["secretariat"])
    new_start = meeting.starts_at + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/council/meetings/{meeting.pk}/change/",
            {"starts_at": local(new_start), "place": "Bergen"},
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.sequence) == ("Bergen", 1)
    (message,) = mail.outbox
    assert message.to == [cast["dmp_rep"].email]
    assert "Bergen" in message.body
    cal, event, other = ics_of(message)
    assert (str(cal["method"]), int(event["sequence"])) == ("PUBLISH", 1)
    assert str(event["location"]) == "Bergen"
    assert other.vevent.uid.value == f"meeting-{meeting.pk}@ki-radet"
    assert int(other.vevent.sequence.value) == 1
    assert reason_en(meeting.history.latest()) == "Meeting moved or its place changed"


def test_a_second_change_is_a_second_email_with_a_higher_sequence(
    cast, council, django_capture_on_commit_callbacks
):
    meeting = published(council)
    mail.outbox.clear()
    for place in ("Bergen", "Trondheim"):
        with django_capture_on_commit_callbacks(execute=True):
            svc.meeting_change(
                meeting=meeting, starts_at=meeting.starts_at, ends_at=None, place=place, by=None
            )
    assert [int(ics_of(m)[1]["sequence"]) for m in mail.outbox] == [1, 2]
    assert ["Trondheim" in m.body for m in mail.outbox] == [False, True]


def test_cancelling_emails_method_cancel_with_the_reason(
    client, cast, council, django_capture_on_commit_callbacks
):
    meeting = published(council)
    mail.outbox.clear()
    client.force_login(cast["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/council/meetings/{meeting.pk}/transition/",
            {"to": "cancelled", "reason": "For få kan møte"},
        )
    (message,) = mail.outbox
    assert "For få kan møte" in message.body
    cal, event, other = ics_of(message)
    assert str(cal["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert other.method.value == "CANCEL"
    assert other.vevent.status.value == "CANCELLED"
    assert int(other.vevent.sequence.value) == 1


def test_a_draft_meetings_changes_are_not_emailed(council, django_capture_on_commit_callbacks):
    meeting = MeetingFactory(body=council, place="Oslo")
    with django_capture_on_commit_callbacks(execute=True):
        svc.meeting_change(
            meeting=meeting, starts_at=meeting.starts_at, ends_at=None, place="Bergen", by=None
        )
    assert mail.outbox == []


def test_an_invalid_change_keeps_the_page_and_what_was_typed(client, cast, council):
    meeting = published(council)
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/council/meetings/{meeting.pk}/change/",
        {"starts_at": local(meeting.starts_at), "place": "", "video_link": ""},
    )
    assert response.status_code == 200
    page = response.text
    assert page.count("Oppgi sted eller videolenke.") == 1
    assert 'id="agenda"' in page
    meeting.refresh_from_db()
    assert meeting.sequence == 0


def test_the_secretariat_edits_removes_and_reorders_items_with_history(client, cast, council):
    meeting = published(council)
    first = svc.agenda_item_add(meeting=meeting, kind="orientering", title="Første", by=None)
    second = svc.agenda_item_add(meeting=meeting, kind="rad", title="Andre", by=None)
    client.force_login(cast["secretariat"])
    base = f"/council/meetings/{meeting.pk}/items"
    response = client.post(
        f"{base}/{first.pk}/edit/", {"kind": "drofting", "title": "Første, endret"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.kind, first.title) == ("drofting", "Første, endret")
    last = first.history.latest()
    assert (last.history_user, reason_en(last)) == (cast["secretariat"], "Agenda item edited")

    response = client.post(f"{base}/{second.pk}/move/", {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.index("Andre") < response.text.index("Første, endret")
    assert "<html" not in response.text  # the agenda section alone

    client.post(f"{base}/{second.pk}/remove/")
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Første, endret"]
    removed = AgendaItem.history.filter(id=second.pk).latest()
    assert removed.history_type == "-"
    assert removed.history_user == cast["secretariat"]


def test_agenda_changes_are_refused_on_a_held_meeting_with_a_message(client, cast, council):
    meeting = MeetingFactory(body=council, status=S.HELD)
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Sak")
    client.force_login(cast["secretariat"])
    base = f"/council/meetings/{meeting.pk}/items/{item.pk}"
    response = client.post(f"{base}/remove/", follow=True)
    assert "før møtet er holdt" in response.text
    response = client.post(f"{base}/edit/", {"kind": "rad", "title": "Ny tittel"}, follow=True)
    assert "før møtet er holdt" in response.text
    response = client.post(f"{base}/move/", {"direction": "down"}, HTTP_HX_REQUEST="true")
    assert "før møtet er holdt" in response.text
    item.refresh_from_db()
    assert item.title == "Sak"


# --- defect 3: a validation error keeps the page -------------------------------------------


def test_a_blank_agenda_item_title_rerenders_the_meeting_page(client, cast, council):
    meeting = published(council)
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/council/meetings/{meeting.pk}/items/",
        {"kind": "orientering", "title": "   ", "text": "Bakgrunn som ble skrevet"},
    )
    assert response.status_code == 200
    page = response.text
    assert page.count("Feltet er påkrevet.") == 1
    assert "Bakgrunn som ble skrevet" in page
    assert page.count('<details class="ds-details" open>') == 1  # the add form, open
    change = f"/council/meetings/{meeting.pk}/change/"
    for form in (f'data-hx-get="{change}"', "document-file", 'id="agenda"'):
        assert form in page
    # the language switch returns to the meeting page, not to the POST-only /items/
    assert f'name="next" type="hidden" value="/council/meetings/{meeting.pk}/"' in page
    switched = client.post(
        "/i18n/setlang/", {"language": "en", "next": f"/council/meetings/{meeting.pk}/"}
    )
    assert switched.status_code == 302
    assert client.get(switched["Location"]).status_code == 200


def test_a_body_that_advises_is_not_offered_a_decision_and_keeps_the_outcome(client, cast, council):
    meeting = MeetingFactory(body=council, status=S.HELD)
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Sak")
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{meeting.pk}/items/{item.pk}/outcome/").text
    select = page.split(f'id="outcome-{item.pk}-outcome_kind"')[1].split("</select>")[0]
    assert 'value="decision"' not in select
    response = client.post(
        f"/council/meetings/{meeting.pk}/items/{item.pk}/outcome/",
        {"outcome_kind": "decision", "outcome": "Rådet vedtar noe"},
    )
    assert response.status_code == 200
    assert "Rådet vedtar noe" in response.text
    assert response.text.count("Velg et gyldig valg") == 1
    item.refresh_from_db()
    assert item.outcome == ""


def test_empty_minutes_and_a_correction_without_reason_keep_the_typed_text(client, cast, council):
    held = MeetingFactory(body=council, status=S.HELD)
    client.force_login(cast["secretariat"])
    response = client.post(f"/council/meetings/{held.pk}/minutes/", {"text": "  "})
    assert response.status_code == 200
    assert response.text.count("Referatet kan ikke være tomt.") == 1

    approved = MeetingFactory(body=council, status=S.MINUTES_APPROVED, minutes="Godkjent tekst")
    response = client.post(
        f"/council/meetings/{approved.pk}/minutes/", {"text": "Rettet tekst som ble skrevet"}
    )
    assert response.status_code == 200
    assert "Rettet tekst som ble skrevet" in response.text
    assert response.text.count("En rettelse må ha en begrunnelse.") == 1
    approved.refresh_from_db()
    assert approved.minutes == "Godkjent tekst"
