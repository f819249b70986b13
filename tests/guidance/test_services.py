"""Service tests: references, routing by date, retention, dissolution, seed, report."""

import datetime
import json
from pathlib import Path

import pytest
import time_machine
from django.utils import timezone

from guidance import selectors
from guidance.models import (
    AreaResponsibility,
    Assignment,
    GuidanceMeeting,
    GuidanceRequest,
    RegulatoryArea,
    RequesterMessage,
    RequestNote,
    TrackingToken,
)
from guidance.services.answers import (
    assignment_sign_off,
    guidance_request_confirm_dmp,
    guidance_request_send_answer,
    guidance_request_write_answer,
    request_note_add,
)
from guidance.services.assignment import guidance_request_assign, guidance_request_triage
from guidance.services.gaps import GapData, gap_create
from guidance.services.knowledge_base import render_markdown
from guidance.services.meetings import guidance_request_offer_meeting
from guidance.services.retention import ANONYMISED_NAME, anonymise_closed_requests
from guidance.services.tracking import requester_message_add
from kiraad.services import ServiceError, agency_dissolve
from tests.factories import AgencyFactory
from tests.guidance.conftest import submit
from tests.history_helpers import reason_en

SEED_DIR = Path("/work/main/fixtures/seed")


def test_references_are_sequential_per_year(areas):
    first, _ = submit([areas["law"]])
    second, _ = submit([areas["law"]])
    year = timezone.localdate().year
    assert first.reference == f"VL-{year}-0001"
    assert second.reference == f"VL-{year}-0002"


def test_consent_is_required(areas):
    with pytest.raises(ServiceError):
        submit([areas["law"]], consent=False)


def test_routing_uses_the_agency_responsible_on_the_request_date(areas, agencies):
    old, _ = submit([areas["devices"]], now=timezone.make_aware(datetime.datetime(2023, 6, 1)))
    new, _ = submit([areas["devices"]])
    assert selectors.routing_propose(request=old).lead == areas["SLV"]
    assert selectors.routing_propose(request=new).lead == agencies["DMP"]


def test_unassigned_area_is_left_to_the_secretariat(areas):
    request, _ = submit([areas["nye"], areas["law"]])
    proposal = selectors.routing_propose(request=request)
    assert proposal.unassigned_areas == [areas["nye"]]
    assert [a.code for a in proposal.agencies] == ["HDIR"]


def test_assignment_keeps_one_lead_and_syncs_perms(cast, agencies, hdir_request):
    from kiraad.access import user_can

    guidance_request_assign(
        request=hdir_request,
        lead=agencies["DMP"],
        contributors=[agencies["HDIR"]],
        by=cast["secretariat"],
    )
    roles = dict(hdir_request.assignments.values_list("agency__code", "role"))
    assert roles == {"DMP": "lead", "HDIR": "contributor"}
    assert user_can(cast["dmp_rep"], "view_guidancerequest", hdir_request)
    assert user_can(cast["hdir_rep"], "view_guidancerequest", hdir_request)
    # Granted on guardian's direct-FK table, to the agency groups only.
    from guardian.models import GroupObjectPermission

    from guidance.models import GuidanceRequestGroupObjectPermission

    groups = set(
        GuidanceRequestGroupObjectPermission.objects.filter(
            content_object=hdir_request, permission__codename="view_guidancerequest"
        ).values_list("group__name", flat=True)
    )
    assert groups == {"agency:DMP", "agency:HDIR"}
    assert not GroupObjectPermission.objects.exists()


def test_changing_the_answer_voids_sign_offs(cast, hdir_request):
    guidance_request_write_answer(
        request=hdir_request, text="A", normative=False, by=cast["hdir_rep"]
    )
    assignment = hdir_request.assignments.get()
    assignment_sign_off(assignment=assignment, by=cast["hdir_rep"])
    guidance_request_write_answer(
        request=hdir_request, text="B", normative=False, by=cast["hdir_rep"]
    )
    assignment.refresh_from_db()
    assert assignment.signed_off_at is None


def test_send_requires_dmp_confirmation_for_medical_devices(cast, agencies, areas):
    request, _ = submit([areas["devices"]])
    guidance_request_triage(request=request, decision="accept", by=cast["secretariat"])
    guidance_request_assign(
        request=request, lead=agencies["DMP"], contributors=[], by=cast["secretariat"]
    )
    guidance_request_write_answer(request=request, text="Svar", normative=True, by=cast["dmp_rep"])
    assignment_sign_off(assignment=request.assignments.get(), by=cast["dmp_rep"])
    with pytest.raises(ServiceError):
        guidance_request_send_answer(request=request, by=cast["secretariat"])
    guidance_request_confirm_dmp(request=request, by=cast["dmp_rep"])
    guidance_request_send_answer(request=request, by=cast["secretariat"])
    request.refresh_from_db()
    assert request.status == GuidanceRequest.Status.ANSWERED


def _closed_request(cast, areas, *, days_ago: int):
    request, _ = submit([areas["law"]])
    requester_message_add(request=request, text="Sentinel melding")
    request_note_add(request=request, author=cast["secretariat"], text="Sentinel notat")
    guidance_request_triage(
        request=request, decision="reject", reason="Utenfor", by=cast["secretariat"]
    )
    GuidanceRequest.objects.filter(pk=request.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return request


def test_anonymisation_rewrites_rows_and_history_and_is_idempotent(cast, areas, settings):
    settings.GUIDANCE_RETENTION_DAYS = 30
    old = _closed_request(cast, areas, days_ago=40)
    recent = _closed_request(cast, areas, days_ago=5)
    open_request, _ = submit([areas["law"]])
    GuidanceRequest.objects.filter(pk=open_request.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=400)
    )

    meeting = guidance_request_offer_meeting(request=old, held_on=None, by=cast["secretariat"])
    assert anonymise_closed_requests() == 1
    assert not GuidanceMeeting.history.filter(id=meeting.pk, community="Sentinel HF").exists()
    old.refresh_from_db()
    assert old.anonymised_at is not None
    assert old.requester_name == ANONYMISED_NAME

    history = GuidanceRequest.history.filter(id=old.pk)
    assert history.count() > 2
    assert not history.filter(requester_name__contains="Sentinel").exists()
    assert not history.filter(requester_email="sentinel@example.org").exists()
    assert not history.filter(question__contains="Sentinel").exists()
    assert not RequesterMessage.history.filter(
        request_id=old.pk, text__contains="Sentinel"
    ).exists()
    assert not RequestNote.history.filter(request_id=old.pk, text__contains="Sentinel").exists()
    assert not TrackingToken.objects.filter(request=old).exists()

    # Others untouched.
    recent.refresh_from_db()
    assert recent.requester_name == "Sentinel Navnesen"
    assert GuidanceRequest.history.filter(id=recent.pk, requester_name="Sentinel Navnesen").exists()
    open_request.refresh_from_db()
    assert open_request.anonymised_at is None

    # Safe to run twice.
    rows = GuidanceRequest.history.count()
    assert anonymise_closed_requests() == 0
    assert GuidanceRequest.history.count() == rows


def test_anonymisation_later_catches_up(cast, areas, settings):
    settings.GUIDANCE_RETENTION_DAYS = 30
    request = _closed_request(cast, areas, days_ago=5)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        assert anonymise_closed_requests() == 1
    request.refresh_from_db()
    assert request.anonymised_at is not None


def test_anonymise_now_needs_confirmation_and_reason(client, cast, areas):
    request = _closed_request(cast, areas, days_ago=1)
    client.force_login(cast["secretariat"])
    path = f"/guidance/requests/{request.pk}/anonymise/"
    assert client.post(path, {"reason": "Bedt om sletting"}).status_code == 200
    request.refresh_from_db()
    assert request.anonymised_at is None
    assert client.post(path, {"reason": "Bedt om sletting", "confirm": "on"}).status_code == 302
    request.refresh_from_db()
    assert request.anonymised_at is not None
    latest = GuidanceRequest.history.filter(id=request.pk).order_by("-history_date").first()
    assert "Bedt om sletting" in reason_en(latest)
    assert latest.history_user == cast["secretariat"]


def test_celery_beat_runs_the_anonymisation(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["guidance-anonymise-closed-requests"]
    assert entry["task"] == "guidance.tasks.anonymise_closed_requests"
    from guidance import tasks

    assert tasks.anonymise_closed_requests.name == entry["task"]


def test_dissolution_moves_open_assignments(cast, agencies, hdir_request):
    successor = AgencyFactory(code="NEW", name="Ny etat")
    report = agency_dissolve(
        agency=agencies["HDIR"],
        successor=successor,
        on=timezone.localdate(),
        change_kind="merger",
        by=cast["secretariat"],
        reason="test",
    )
    assert report.moved_by_apps["guidance"] == 1
    assignment = Assignment.objects.get(request=hdir_request)
    assert assignment.agency == successor
    assert assignment.role == Assignment.Role.LEAD


def test_markdown_is_sanitised():
    html = render_markdown(
        "[x](javascript:alert(1)) <img src=file:///etc/passwd> <script>a</script> **ok**"
    )
    assert "javascript" not in html
    assert "<img" not in html
    assert "<script" not in html
    assert "<strong>ok</strong>" in html


@pytest.mark.skipif(not SEED_DIR.exists(), reason="seed data not present")
def test_seed_loader_is_idempotent(agencies):
    codes = {
        r["agency"]
        for a in json.loads((SEED_DIR / "regulatory_areas.json").read_text())
        for r in a["responsibilities"]
    }
    for code in codes:
        AgencyFactory(code=code)
    from guidance.seed import load_seed

    load_seed(data_dir=SEED_DIR, log=lambda _m: None)
    counts = (RegulatoryArea.objects.count(), AreaResponsibility.objects.count())
    load_seed(data_dir=SEED_DIR, log=lambda _m: None)
    assert (RegulatoryArea.objects.count(), AreaResponsibility.objects.count()) == counts
    devices = RegulatoryArea.objects.get(key="medisinsk-utstyr")
    assert devices.requires_dmp_confirmation
    on_2025 = selectors.responsibilities_on(areas=[devices], on=datetime.date(2025, 1, 1))
    assert [r.agency.code for r in on_2025] == ["DMP"]
    assert not RegulatoryArea.objects.get(key="nye-metoder").responsibilities.exists()


def test_report_section(cast, agencies, areas):
    request, _ = submit([areas["law"]])
    guidance_request_triage(request=request, decision="accept", by=cast["secretariat"])
    guidance_request_assign(
        request=request, lead=agencies["HDIR"], contributors=[], by=cast["secretariat"]
    )
    guidance_request_write_answer(
        request=request, text="Svar", normative=False, by=cast["hdir_rep"]
    )
    assignment_sign_off(assignment=request.assignments.get(), by=cast["hdir_rep"])
    guidance_request_send_answer(request=request, by=cast["secretariat"])
    gap_create(
        data=GapData(
            title="Uklart: testing før REK",
            description="",
            area=areas["law"],
            phase="",
            responsible_agency=None,
        ),
        by=cast["secretariat"],
    )
    from django.template.loader import render_to_string

    from guidance.report import guidance_section

    today = timezone.localdate()
    section = guidance_section(
        as_of=timezone.now(), period_start=today - datetime.timedelta(days=1), period_end=today
    )
    figures = section.context["figures"]
    assert figures.requests == 1
    assert figures.answered == 1
    assert figures.median_days is not None
    assert "Uklart: testing før REK" in figures.unclear
    html = render_to_string(section.template, {"section": section.context})
    assert "Uklart: testing før REK" in html
    earlier = guidance_section(
        as_of=timezone.now() - datetime.timedelta(days=1),
        period_start=today - datetime.timedelta(days=1),
        period_end=today,
    )
    assert earlier.context["figures"].requests == 0


def test_gap_defaults_to_the_area_agency(cast, areas, agencies):
    gap = gap_create(
        data=GapData(
            title="Mangler veileder",
            description="",
            area=areas["law"],
            phase="",
            responsible_agency=None,
        ),
        by=cast["secretariat"],
    )
    assert gap.responsible_agency == agencies["HDIR"]
