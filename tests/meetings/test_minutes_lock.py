"""Approved minutes stay locked; corrections are versions approved at the next meeting
(issue 16, defect 2)."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from kiraad.meetings import services as svc
from kiraad.models import AgendaItem, Attendance, Meeting
from kiraad.services import ServiceError
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db
S = Meeting.Status


def plan(body, days, number):
    return svc.meeting_plan(
        body=body,
        number=number,
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place="Oslo",
        by=None,
    )


def hold(meeting):
    svc.meeting_transition(meeting=meeting, to=S.AGENDA_PUBLISHED, by=None)
    svc.meeting_transition(meeting=meeting, to=S.HELD, by=None)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def approved(cast, agencies):
    """1/2027 held with attendance, an outcome and minutes, approved at 2/2027."""
    body = BodyFactory(key="ki-radet")
    first = hold(plan(body, -30, "1/2027"))
    item = AgendaItem.objects.create(meeting=first, order=1, kind="rad", title="Sak om sky")
    svc.agenda_item_record_outcome(item=item, outcome_kind="advice", outcome="Rådet", by=None)
    svc.attendance_set(meeting=first, agency=agencies["DMP"], status="present", by=None)
    svc.meeting_write_minutes(meeting=first, text="Referat v1", by=None)
    second = hold(plan(body, -10, "2/2027"))
    svc.agenda_item_approve_minutes(
        item=second.agenda_items.get(approves_minutes_of=first), by=cast["secretariat"]
    )
    first.refresh_from_db()
    return first, second, item


def test_approved_minutes_refuse_changes_to_text_attendance_outcomes_and_documents(
    approved, agencies, client, cast
):
    first, _second, item = approved
    with pytest.raises(ServiceError, match="låst"):
        svc.meeting_write_minutes(meeting=first, text="Ny tekst", reason="Fordi", by=None)
    with pytest.raises(ServiceError, match="låst"):
        svc.attendance_set(meeting=first, agency=agencies["DMP"], status="absent", by=None)
    with pytest.raises(ServiceError):
        svc.agenda_item_record_outcome(item=item, outcome_kind="advice", outcome="Nytt", by=None)
    upload = SimpleUploadedFile("notat.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    with pytest.raises(ServiceError, match="låst"):
        svc.meeting_document_add(meeting=first, title="", file=upload, by=None)
    # Through the pages: the same refusals, nothing changes, and no upload or attendance form.
    client.force_login(cast["secretariat"])
    base = f"/council/meetings/{first.pk}"
    client.post(f"{base}/attendance/", {"agency": agencies["DMP"].pk, "status": "absent"})
    client.post(f"{base}/minutes/", {"text": "Byttet ut"})  # no reason: refused
    assert Attendance.objects.get(meeting=first).status == "present"
    first.refresh_from_db()
    assert first.minutes == "Referat v1"
    assert first.minutes_versions.count() == 1
    page = client.get(f"{base}/").text
    assert f'action="{base}/documents/"' not in page
    assert f'action="{base}/attendance/"' not in page


def test_a_correction_is_a_new_version_approved_at_the_next_meeting(approved, cast, client):
    first, second, _item = approved
    body = first.body
    correction = svc.meeting_correct_minutes(
        meeting=first, text="Referat v2", reason="Feil dato", by=cast["secretariat"]
    )
    assert correction.is_correction
    assert correction.approved_at is None
    first.refresh_from_db()
    assert first.minutes == "Referat v1"  # the approved text is shown until the correction is
    third = plan(body, -2, "3/2027")
    item = third.agenda_items.get(approves_minutes_of=first)
    assert item.title == "Godkjenning av rettet referat fra møte 1/2027"
    hold(third)
    svc.agenda_item_approve_minutes(item=item, by=cast["secretariat"])
    first.refresh_from_db()
    assert first.minutes == "Referat v2"
    assert first.minutes_approved_at_meeting == third
    v1, v2 = first.minutes_versions.order_by("version")
    assert (v1.approved_at_meeting, v2.approved_at_meeting) == (second, third)
    client.force_login(cast["secretariat"])
    response = client.get(f"/council/meetings/{first.pk}/minutes.pdf?version=1")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Referat v1" in text
    assert "Godkjent i møte 2/2027" in text


def test_every_pdf_page_says_draft_or_where_it_was_approved(approved, cast, client):
    first, second, _item = approved
    client.force_login(cast["secretariat"])
    response = client.get(f"/council/meetings/{first.pk}/minutes.pdf")
    label = f"Godkjent i møte 2/2027, {timezone.localtime(first.minutes_approved_at):%d.%m.%Y}"
    assert label in client.get(f"/council/meetings/{first.pk}/").text
    reader = PdfReader(io.BytesIO(response.content))
    assert all(label in page.extract_text() for page in reader.pages)
    # A draft across several pages says so on each of them.
    svc.meeting_write_minutes(meeting=second, text="Lang tekst.\n\n" * 400, by=None)
    response = client.get(f"/council/meetings/{second.pk}/minutes.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 1
    assert all("Utkast" in page.extract_text() for page in reader.pages)
    assert "Utkast" in client.get(f"/council/meetings/{second.pk}/").text


def test_the_approving_meeting_is_marked_nb_on_the_english_page(approved, cast, client):
    """Issue 21: the meeting's name is data; «Approved in meeting» and the date are not."""
    first, second, _item = approved
    second.number = ""
    second.title = "Ekstraordinært <møte>"
    second.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{first.pk}/").text
    when = f"{timezone.localtime(first.minutes_approved_at):%Y-%m-%d}"
    assert f'Approved in meeting <span lang="nb">Ekstraordinært &lt;møte&gt;</span>, {when}' in page
