"""Attendance in one go (issue 16): a grid of the body's member agencies on the meeting's day,
with representative and deputy, set in one submit; the quorum shown when the mandate has one."""

import datetime

import pytest
from django.utils import timezone

from kiraad.models import Attendance, Mandate, Meeting, Membership, Representative
from tests.factories import AgencyFactory, BodyFactory, MeetingFactory, UserFactory
from tests.history_helpers import reason_en

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(cast, agencies):
    body = BodyFactory(key="ki-radet", decides=False)
    mandate = Mandate.objects.create(
        body=body, key="m", title="Mandat", term_start=datetime.date(2024, 4, 1), quorum=2
    )
    for code, person, deputy in (
        ("HDIR", cast["hdir_rep"], UserFactory(first_name="Vara", last_name="Hdir")),
        ("DMP", cast["dmp_rep"], None),
    ):
        membership = Membership.objects.create(
            mandate=mandate, agency=agencies[code], role=Membership.Role.MEMBER
        )
        Representative.objects.create(membership=membership, user=person)
        if deputy:
            Representative.objects.create(membership=membership, user=deputy, is_deputy=True)
    ended = AgencyFactory(code="OLD", name="Sluttet etat")
    Membership.objects.create(
        mandate=mandate, agency=ended, role="member", end=datetime.date(2024, 12, 31)
    )
    meeting = MeetingFactory(
        body=body,
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    return meeting, agencies


def test_the_grid_lists_the_members_on_the_day_with_representative_and_deputy(client, cast, setup):
    meeting, _agencies = setup
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{meeting.pk}/").text
    grid = page.split('id="attendance-grid"')[1].split("</table>")[0]
    assert "Helsedirektoratet" in grid
    assert "Direktoratet for medisinske produkter" in grid
    assert "Vara Hdir" in grid
    assert "Sluttet etat" not in grid  # its membership ended before the meeting


def test_attendance_is_set_in_one_submit_and_the_quorum_shows(client, cast, setup):
    meeting, agencies = setup
    hdir, dmp = agencies["HDIR"].pk, agencies["DMP"].pk
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/council/meetings/{meeting.pk}/attendance/all/",
        {f"status-{hdir}": "deputy", f"note-{hdir}": "Vara møtte", f"status-{dmp}": "absent"},
    )
    assert response.status_code == 302
    recorded = {a.agency_id: (a.status, a.note) for a in Attendance.objects.filter(meeting=meeting)}
    assert recorded == {hdir: ("deputy", "Vara møtte"), dmp: ("absent", "")}
    last = Attendance.objects.get(agency_id=hdir).history.latest()
    assert (last.history_user, reason_en(last)) == (cast["secretariat"], "Attendance recorded")
    page = client.get(f"/council/meetings/{meeting.pk}/").text
    quorum = page.split('id="quorum"')[1].split("</p>")[0]
    assert "Ikke beslutningsdyktig" in quorum
    assert "1 medlemsetater til stede" in quorum

    client.post(f"/council/meetings/{meeting.pk}/attendance/all/", {f"status-{dmp}": "present"})
    page = client.get(f"/council/meetings/{meeting.pk}/").text
    assert "Beslutningsdyktig" in page.split('id="quorum"')[1].split("</p>")[0]


def test_a_note_without_attendance_keeps_the_page_and_the_note(client, cast, setup):
    meeting, agencies = setup
    hdir = agencies["HDIR"].pk
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/council/meetings/{meeting.pk}/attendance/all/", {f"note-{hdir}": "Kom sent"}
    )
    assert response.status_code == 200
    assert "Kom sent" in response.text
    assert response.text.count("Velg oppmøtet merknaden gjelder.") == 1
    assert not Attendance.objects.exists()


def test_no_quorum_line_when_the_mandate_has_none(client, cast, setup):
    meeting, _agencies = setup
    Mandate.objects.update(quorum=None)
    client.force_login(cast["dmp_rep"])
    assert 'id="quorum"' not in client.get(f"/council/meetings/{meeting.pk}/").text
