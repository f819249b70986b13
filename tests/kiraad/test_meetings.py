"""Council meetings: services, permissions, iCal, PDF and query counts."""

import datetime

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kiraad.meetings import services as svc
from kiraad.meetings.selectors import agenda_trace
from kiraad.models import ActionItem, AgendaItem, Attendance, CalendarToken, Meeting
from kiraad.services import ServiceError
from tests.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db
S = Meeting.Status


@pytest.fixture
def council():
    return BodyFactory(key="ki-radet", decides=False)


@pytest.fixture
def steering():
    return BodyFactory(key="styringsgruppe", name="Styringsgruppen", decides=True)


def plan(body, by, days=14, number="KI-rådet 1/2026"):
    return svc.meeting_plan(
        body=body,
        number=number,
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place="Helsedirektoratet",
        by=by,
    )


def hold(meeting, by):
    """Publish and hold `meeting`; a meeting is held once it has started, so a future one is
    held on its day."""
    svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=by)
    day = max(timezone.now(), meeting.starts_at + datetime.timedelta(hours=1))
    with time_machine.travel(day, tick=False):
        svc.meeting_transition(meeting=meeting, to=S.HELD, by=by)
    meeting.refresh_from_db()
    return meeting


def test_transitions_follow_the_table(council, cast):
    meeting = plan(council, cast["secretariat"])
    with pytest.raises(ServiceError, match="kan ikke gå fra"):
        svc.meeting_transition(meeting=meeting, to=S.HELD, by=None)
    hold(meeting, None)
    assert meeting.status == S.HELD
    with pytest.raises(ServiceError):
        svc.meeting_transition(meeting=meeting, to=S.PLANNED, by=None)
    assert meeting.history.count() >= 3


def test_decision_item_refused_for_the_council_but_allowed_for_steering_group(
    council, steering, cast
):
    meeting = plan(council, None)
    with pytest.raises(ServiceError, match="fatter ikke vedtak"):
        svc.agenda_item_add(meeting=meeting, kind=AgendaItem.Kind.DECISION, title="X", by=None)
    assert not meeting.agenda_items.exists()
    other = plan(steering, None)
    item = svc.agenda_item_add(meeting=other, kind=AgendaItem.Kind.DECISION, title="X", by=None)
    assert item.kind == AgendaItem.Kind.DECISION


def test_decision_outcome_refused_for_the_council(council):
    meeting = plan(council, None)
    item = svc.agenda_item_add(meeting=meeting, kind=AgendaItem.Kind.ADVICE, title="R", by=None)
    hold(meeting, None)
    with pytest.raises(ServiceError):
        svc.agenda_item_record_outcome(
            item=item, outcome_kind=AgendaItem.OutcomeKind.DECISION, outcome="x", by=None
        )
    svc.agenda_item_record_outcome(
        item=item, outcome_kind=AgendaItem.OutcomeKind.ADVICE, outcome="Råd", by=None
    )


def test_next_meeting_gets_approval_item_and_approval_locks_minutes(council, cast):
    first = hold(plan(council, None, days=-30, number="KI-rådet 1/2026"), None)
    svc.meeting_write_minutes(meeting=first, text="Referat", by=None)
    second = plan(council, None, days=-10, number="KI-rådet 2/2026")
    approval = second.agenda_items.get()
    assert approval.approves_minutes_of == first
    assert approval.title == "Godkjenning av referat fra møte KI-rådet 1/2026"
    svc.meeting_transition(meeting=second, to=S.AGENDA_PUBLISHED, by=None)
    with pytest.raises(ServiceError, match="holdt"):  # only at a held meeting
        svc.agenda_item_approve_minutes(item=approval, by=cast["secretariat"])
    svc.meeting_transition(meeting=second, to=S.HELD, by=None)
    svc.agenda_item_approve_minutes(item=approval, by=cast["secretariat"])
    first.refresh_from_db()
    assert first.status == S.MINUTES_APPROVED
    assert first.minutes_approved_by == cast["secretariat"]
    assert first.minutes_approved_at_meeting == second
    with pytest.raises(ServiceError, match="låst"):
        svc.meeting_write_minutes(meeting=first, text="Endret", by=None)
    correction = svc.meeting_correct_minutes(
        meeting=first, text="Rettet", reason="Skrivefeil", by=None
    )
    assert correction.is_correction
    first.refresh_from_db()
    assert first.minutes == "Referat"  # the approved text stays until the correction is approved
    assert list(first.minutes_versions.values_list("version", flat=True)) == [1, 2]


def test_open_actions_carry_over_until_done(council, agencies):
    from kiraad.meetings.selectors import meeting_detail

    first = hold(plan(council, None, days=-30), None)
    item = svc.agenda_item_add
    # Items cannot be added once held, so add through a fresh meeting instead.
    item = AgendaItem.objects.create(meeting=first, order=1, kind="rad", title="Sak")
    action = svc.action_item_create(
        item=item, title="Følg opp", owner_agency=agencies["DMP"], due_date=None, by=None
    )
    second = plan(council, None, days=10, number="KI-rådet 2/2026")
    assert meeting_detail(meeting=second).carried_actions == [action]
    svc.action_item_set_status(action=action, status=ActionItem.Status.DONE, by=None)
    assert meeting_detail(meeting=second).carried_actions == []


def test_publishing_emails_representatives_on_commit(
    council, cast, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://ki-radet.example.no"
    from kiraad.models import Mandate, Membership, Representative

    mandate = Mandate.objects.create(body=council, key="m", title="Mandat")
    membership = Membership.objects.create(mandate=mandate, agency=cast["dmp_rep"].agency)
    Representative.objects.create(membership=membership, user=cast["dmp_rep"])
    meeting = plan(council, None)
    with django_capture_on_commit_callbacks(execute=True):
        svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    assert [m.to for m in mail.outbox] == [[cast["dmp_rep"].email]]
    assert f"https://ki-radet.example.no{meeting.get_absolute_url()}" in mail.outbox[0].body


def test_document_type_and_size_are_checked(council):
    meeting = plan(council, None)
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(ServiceError):
        svc.meeting_document_add(meeting=meeting, title="", file=bad, by=None)
    good = SimpleUploadedFile("saksdok.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert svc.meeting_document_add(meeting=meeting, title="", file=good, by=None).size == 8


# --- views and permissions ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status_planned", "status_published"),
    [(None, 302, 302), ("dmp_rep", 404, 200), ("hdir_rep", 404, 200), ("secretariat", 200, 200)],
)
def test_meeting_detail_visibility(client, cast, council, who, status_planned, status_published):
    if who:
        client.force_login(cast[who])
    planned = plan(council, None)
    published = plan(council, None, number="KI-rådet 2/2026")
    svc.meeting_transition(meeting=published, to=S.AGENDA_PUBLISHED, by=None)
    assert client.get(f"/council/meetings/{planned.pk}/").status_code == status_planned
    response = client.get(f"/council/meetings/{published.pk}/")
    assert response.status_code == status_published
    if who is None:
        assert response["Location"].startswith("/accounts/login/")


def test_unapproved_minutes_hidden_from_members(client, cast, council):
    meeting = hold(plan(council, None), None)
    svc.meeting_write_minutes(meeting=meeting, text="Hemmelig utkast", by=None)
    client.force_login(cast["dmp_rep"])
    assert "Hemmelig utkast" not in client.get(f"/council/meetings/{meeting.pk}/").text
    client.force_login(cast["secretariat"])
    assert "Hemmelig utkast" in client.get(f"/council/meetings/{meeting.pk}/").text


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("dmp_rep", 403), ("secretariat", 302)])
def test_only_secretariat_changes_meetings(client, cast, council, who, status):
    meeting = plan(council, None, days=-1)
    svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    if who:
        client.force_login(cast[who])
    before = AgendaItem.objects.count()
    response = client.post(
        f"/council/meetings/{meeting.pk}/items/", {"kind": "orientering", "title": "Ny sak"}
    )
    assert response.status_code == status
    assert AgendaItem.objects.count() == before + (1 if who == "secretariat" else 0)
    response = client.post(f"/council/meetings/{meeting.pk}/transition/", {"to": S.HELD})
    meeting.refresh_from_db()
    assert (meeting.status == S.HELD) == (who == "secretariat")


def test_secretariat_plans_meeting_and_bad_input_is_kept(client, cast, council):
    client.force_login(cast["secretariat"])
    response = client.post(
        "/council/meetings/new/",
        {"body": council.pk, "number": "KI-rådet 3/2026", "starts_at": "2026-13-01"},
    )
    assert response.status_code == 200
    assert "KI-rådet 3/2026" in response.text
    response = client.post(
        "/council/meetings/new/",
        {
            "body": council.pk,
            "number": "KI-rådet 3/2026",
            "starts_at": "2027-02-01 10:00",
            "place": "Oslo",
        },
    )
    assert response.status_code == 302
    assert Meeting.objects.filter(number="KI-rådet 3/2026").exists()


@pytest.mark.parametrize(
    ("who", "status", "changed"),
    [
        ("dmp_rep", 302, True),
        ("hdir_rep", 403, False),
        ("secretariat", 302, True),
    ],
)
def test_owner_agency_updates_action_status(client, cast, council, agencies, who, status, changed):
    meeting = hold(plan(council, None), None)
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Sak")
    action = svc.action_item_create(
        item=item, title="Oppfølging", owner_agency=agencies["DMP"], due_date=None, by=None
    )
    client.force_login(cast[who])
    response = client.post(f"/council/actions/{action.pk}/status/", {"status": "done"})
    assert response.status_code == status
    action.refresh_from_db()
    assert (action.status == "done") == changed


# --- iCal -----------------------------------------------------------------------------------


def test_ical_feed_is_valid_and_token_can_be_revoked(client, cast, council):
    published = plan(council, None)
    svc.meeting_transition(meeting=published, to=S.AGENDA_PUBLISHED, by=None)
    plan(council, None, number="utkast")  # a draft stays out of a member's feed
    MeetingFactory(
        body=council,
        starts_at=timezone.now() + datetime.timedelta(days=1000),
        status=S.AGENDA_PUBLISHED,
    )  # outside the window
    client.force_login(cast["dmp_rep"])
    client.post("/council/calendar/")
    token = svc.calendar_token_create(user=cast["dmp_rep"])
    client.logout()
    response = client.get(f"/council/calendar/{token}/ki-radet.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["dtstart"].dt.tzinfo) == "Europe/Oslo"
    assert events[0]["dtstart"].params["TZID"] == "Europe/Oslo"
    assert cal.walk("VTIMEZONE")
    assert client.get("/council/calendar/wrong/ki-radet.ics").status_code == 404
    row = CalendarToken.objects.filter(user=cast["dmp_rep"]).latest("pk")
    client.force_login(cast["secretariat"])
    assert client.post(f"/council/calendar/{row.pk}/revoke/").status_code == 404
    client.force_login(cast["dmp_rep"])
    client.post(f"/council/calendar/{row.pk}/revoke/")
    client.logout()
    assert client.get(f"/council/calendar/{token}/ki-radet.ics").status_code == 404
    assert not CalendarToken.objects.filter(token_hash=token).exists()  # stored hashed


def test_single_meeting_ics(client, cast, council):
    meeting = plan(council, None)
    svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    client.force_login(cast["dmp_rep"])
    response = client.get(f"/council/meetings/{meeting.pk}/meeting.ics")
    assert len(icalendar.Calendar.from_ical(response.content).walk("VEVENT")) == 1


def test_minutes_pdf(client, cast, council, agencies):
    meeting = hold(plan(council, None), None)
    svc.attendance_set(
        meeting=meeting, agency=agencies["DMP"], status=Attendance.Status.PRESENT, by=None
    )
    svc.meeting_write_minutes(meeting=meeting, text="Helse Sør-Øst, æøå", by=None)
    client.force_login(cast["dmp_rep"])
    assert client.get(f"/council/meetings/{meeting.pk}/minutes.pdf").status_code == 404
    client.force_login(cast["secretariat"])
    response = client.get(f"/council/meetings/{meeting.pk}/minutes.pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_trace_lists_item_outcome_and_actions(council, cast, agencies):
    meeting = hold(plan(council, None), None)
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Sak")
    svc.agenda_item_record_outcome(item=item, outcome_kind="advice", outcome="Råd", by=None)
    svc.action_item_create(
        item=item, title="Gjør", owner_agency=agencies["DMP"], due_date=None, by=None
    )
    rows = agenda_trace(AgendaItem.objects.filter(pk=item.pk), user=cast["secretariat"])
    assert rows[0].meeting == meeting
    assert rows[0].outcome_visible
    assert [a.title for a in rows[0].actions] == ["Gjør"]
    member_rows = agenda_trace(AgendaItem.objects.filter(pk=item.pk), user=cast["dmp_rep"])
    assert not member_rows[0].outcome_visible


def test_seed_and_demo_loaders_are_idempotent(tmp_path, agencies):
    import json

    from kiraad.meetings.seed import load_demo, load_seed

    BodyFactory(key="styringsgruppe", name="Styringsgruppen", decides=True)
    BodyFactory(key="ki-radet")
    (tmp_path / "past_meetings.json").write_text(
        json.dumps(
            [
                {
                    "body": "styringsgruppe",
                    "title": "Møte 4. mars 2021",
                    "starts_at": "2021-03-04",
                    "time_known": False,
                    "kind": "meeting",
                    "items": [{"kind": "orienteringssak", "title": "Prosess", "text": "x"}],
                },
                {
                    "body": "ukjent",
                    "title": "Hopp over",
                    "starts_at": "2022-03-28T11:00",
                    "items": [],
                },
            ]
        )
    )
    lines = []
    for _ in range(2):
        load_seed(data_dir=tmp_path, log=lines.append)
        load_demo(data_dir=tmp_path, log=lines.append)
    assert Meeting.objects.filter(body__key="styringsgruppe", status=S.HELD).count() == 1
    assert Meeting.objects.filter(body__key="ki-radet").count() == 4
    assert AgendaItem.objects.filter(kind=AgendaItem.Kind.DECISION).count() == 0
    assert any("ukjent" in line for line in lines)


@pytest.mark.parametrize("who", [None, "dmp_rep", "hdir_rep", "kin_coordinator"])
def test_members_cannot_post_any_meeting_change(client, cast, council, agencies, who):
    meeting = hold(plan(council, None), None)
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Sak")
    if who:
        client.force_login(cast[who])
    base = f"/council/meetings/{meeting.pk}"
    posts = [
        (f"{base}/attendance/", {"agency": agencies["DMP"].pk, "status": "present"}),
        (f"{base}/minutes/", {"text": "Referat"}),
        (f"{base}/items/{item.pk}/outcome/", {"outcome_kind": "advice", "outcome": "Råd"}),
        (f"{base}/items/{item.pk}/actions/", {"title": "A", "owner_agency": agencies["DMP"].pk}),
        (f"{base}/items/{item.pk}/move/", {"direction": "up"}),
        (f"{base}/transition/", {"to": "minutes_approved"}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == (403 if who else 302), url
        if not who:
            assert response["Location"].startswith("/accounts/login/")
    meeting.refresh_from_db()
    item.refresh_from_db()
    assert meeting.minutes == ""
    assert item.outcome == ""
    assert not Attendance.objects.exists()
    assert not ActionItem.objects.exists()
    assert client.get("/council/meetings/new/").status_code == (403 if who else 302)


def test_calendar_page_needs_login_and_feed_is_public(client, cast, council):
    assert client.get("/council/calendar/").status_code == 302
    token = svc.calendar_token_create(user=cast["dmp_rep"])
    assert client.get(f"/council/calendar/{token}/ki-radet.ics").status_code == 200
    assert client.get(f"/council/calendar/{token}/unknown-body.ics").status_code == 404


def test_trace_component_renders(council, cast, agencies):
    from django.template.loader import render_to_string

    meeting = hold(plan(council, None), None)
    item = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Saken om sky")
    svc.agenda_item_record_outcome(item=item, outcome_kind="advice", outcome="Rådet", by=None)
    svc.action_item_create(
        item=item, title="Utred sky", owner_agency=agencies["DMP"], due_date=None, by=None
    )
    rows = agenda_trace(AgendaItem.objects.filter(pk=item.pk), user=cast["secretariat"])
    html = render_to_string("components/trace.html", {"rows": rows})
    assert "Saken om sky" in html
    assert "Rådet" in html
    assert "Utred sky" in html
    assert meeting.get_absolute_url() in html


def test_secretariat_uploads_document_to_an_item(client, cast, council, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = plan(council, None)
    item = svc.agenda_item_add(meeting=meeting, kind="orientering", title="Sak", by=None)
    client.force_login(cast["secretariat"])
    upload = SimpleUploadedFile("notat.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    response = client.post(
        f"/council/meetings/{meeting.pk}/documents/",
        {"agenda_item": item.pk, "title": "Notat", "file": upload},
    )
    assert response.status_code == 302
    assert item.documents.get().title == "Notat"
    assert "Notat" in client.get(f"/council/meetings/{meeting.pk}/").text


def test_an_invalid_outcome_keeps_what_was_typed(client, cast):
    from kiraad.models import AgendaItem
    from tests.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(status="held")
    item = AgendaItemFactory(meeting=meeting, kind=AgendaItem.Kind.ADVICE)
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/council/meetings/{meeting.pk}/items/{item.pk}/outcome/",
        {"outcome_kind": "", "outcome": "Rådet anbefaler en veileder."},
    )
    assert response.status_code == 200
    assert "Rådet anbefaler en veileder." in response.text
    item.refresh_from_db()
    assert item.outcome == ""


def test_meeting_page_forms_offer_the_agencies_and_the_meetings_own_items(
    client, cast, council, agencies
):
    meeting = plan(council, None)
    first = AgendaItem.objects.create(meeting=meeting, order=2, kind="rad", title="Andre sak")
    second = AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Første sak")
    AgendaItem.objects.create(meeting=plan(council, None, days=40), order=1, kind="rad", title="X")
    hold(meeting, None)  # the outcome and action forms show under each item
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{meeting.pk}/").content.decode()
    # The action form is fetched when the item's «Utfall og oppfølging» is opened.
    page += client.get(f"/council/meetings/{meeting.pk}/items/{first.pk}/actions/").text
    page += client.get(f"/council/meetings/{meeting.pk}/items/").text  # «Add agenda item»
    document_select = page.split('id="document-agenda_item"')[1].split("</select>")[0]
    assert document_select.index(str(second)) < document_select.index(str(first))
    assert ">1. X<" not in document_select  # another meeting's item
    for field_id in (
        "item-presenter_agency",
        "attendance-agency",
        f"action-{first.pk}-owner_agency",
    ):
        select = page.split(f'id="{field_id}"')[1].split("</select>")[0]
        assert all(agency.name in select for agency in agencies.values())


def test_double_click_on_plan_meeting_creates_one(client, cast, council):
    """Issue 19, defect 5: the form's one-time key makes a second POST show the first result."""
    client.force_login(cast["secretariat"])
    data = {
        "body": council.pk,
        "number": "KI-rådet 4/2026",
        "starts_at": "2027-03-01 10:00",
        "place": "Oslo",
        "form_key": "ef" * 16,
    }
    first = client.post("/council/meetings/new/", data)
    second = client.post("/council/meetings/new/", data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Meeting.objects.filter(number="KI-rådet 4/2026").count() == 1
