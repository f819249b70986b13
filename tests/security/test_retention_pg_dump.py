"""Personal data really gone: after the retention job, a distinct sentinel planted in every field
the public types and every place staff can quote it occurs 0 times in a full pg_dump — history
rows, typed history reasons, drafts, meetings and gaps made from the request, the admin log and
the login-attempt tables included."""

import datetime
import shutil
import subprocess
import sys

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from guidance.models import Gap, GuidanceMeeting, GuidanceRequest
from guidance.services.answers import (
    assignment_save_draft,
    guidance_request_close,
    guidance_request_write_answer,
    request_note_add,
)
from guidance.services.assignment import guidance_request_assign, guidance_request_triage
from guidance.services.intake import RequestData, guidance_request_submit
from guidance.services.meetings import guidance_request_offer_meeting
from guidance.services.retention import anonymise_closed_requests
from guidance.services.tracking import requester_message_add
from kiraad.services import save_with_reason

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump needs PostgreSQL"
)
needs_pg_dump = pytest.mark.skipif(shutil.which("pg_dump") is None, reason="no pg_dump")

NAME = "Sentinella Qvarnstrøm"
EMAIL = "sentinella.qvarnstrom@example.org"


def _dump() -> str:
    db = connection.settings_dict
    args = ["pg_dump", "--no-owner", "--host", db.get("HOST") or "127.0.0.1"]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    args += ["--username", db.get("USER") or "postgres", db["NAME"]]
    env = {"PGPASSWORD": str(db.get("PASSWORD") or ""), "PATH": "/usr/bin:/bin"}
    return subprocess.run(args, capture_output=True, text=True, check=True, env=env).stdout


# A distinct sentinel in every field the public types and every place staff write about the
# request (issue 19, defect 2): none is a part of another, so each is counted on its own.
SENTINELS = {
    "requester_name": NAME,
    "requester_email": EMAIL,
    "organisation": "Fjordklinikk Omegasentinel AS",
    "title": "Tittelsentinel Kappa",
    "question": "Spørsmålsentinel Lambda",
    "follow-up message": "Meldingsentinel Omikron",
    "status_reason": "Begrunnelsesentinel My",
    "answer_text": "Svarsentinel Ksi",
    "assignment draft": "Utkastsentinel Ny",
    "internal note": "Notatsentinel Pi",
    "unclear_rules (→ gap)": "Uklarsentinel Rho",
    "meeting summary": "Møtesentinel Sigma",
}


def _plant_everywhere(client, cast, agencies) -> GuidanceRequest:
    s = SENTINELS
    request, _token = guidance_request_submit(
        data=RequestData(
            kind="question",
            requester_name=NAME,
            requester_email=EMAIL,
            organisation=s["organisation"],
            org_kind="industry",
            title=s["title"],
            question=f"{s['question']}. Hilsen {NAME}, {EMAIL}",
            phase="development",
            consent=True,
        )
    )
    secretariat = cast["secretariat"]
    guidance_request_triage(request=request, decision="accept", by=secretariat)
    guidance_request_assign(request=request, lead=agencies["HDIR"], contributors=[], by=secretariat)
    requester_message_add(request=request, text=f"{s['follow-up message']} fra {NAME}")
    request_note_add(request=request, author=secretariat, text=f"{s['internal note']} om {NAME}")
    assignment = request.assignments.get()
    assignment_save_draft(
        assignment=assignment, draft=f"{s['assignment draft']}: hei {NAME}", by=secretariat
    )
    guidance_request_write_answer(
        request=request, text=f"Hei {NAME}. {s['answer_text']}", normative=False, by=secretariat
    )
    request.refresh_from_db()
    request.status_reason = f"{s['status_reason']} ({NAME})"
    # A reason a person typed, quoting the requester.
    save_with_reason(request, by=secretariat, reason=f"Avtalt med {NAME} på telefon")
    meeting = guidance_request_offer_meeting(request=request, held_on=None, by=secretariat)
    quoted = s["question"]
    meeting.summary = f"Møte med {NAME} om «{quoted}»: {s['meeting summary']}"
    save_with_reason(meeting, by=secretariat, reason=f"referat etter møtet med {NAME}")
    request.refresh_from_db()
    request.status = GuidanceRequest.Status.ANSWERED
    save_with_reason(request, by=secretariat, reason="besvart")
    guidance_request_close(
        request=request, by=secretariat, unclear_rules=f"{s['unclear_rules (→ gap)']} ({NAME})"
    )
    # The requester's e-mail typed as a user name on the login page…
    client.post("/accounts/login/", {"username": EMAIL, "password": "x"})
    # …and an admin change whose log names the requester.
    LogEntry.objects.create(
        user=cast["admin"],
        content_type=ContentType.objects.get_for_model(GuidanceRequest),
        object_id=str(request.pk),
        object_repr=f"{request.reference} ({NAME})",
        action_flag=CHANGE,
        change_message=f"Rettet e-post for {EMAIL}",
    )
    GuidanceRequest.objects.filter(pk=request.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=400)
    )
    return request


@pytest.mark.django_db(transaction=True)
@needs_postgres
@needs_pg_dump
def test_sentinel_personal_data_is_gone_from_a_full_database_dump(client, cast, agencies):
    request = _plant_everywhere(client, cast, agencies)
    gap = Gap.objects.get(request=request)
    meeting = GuidanceMeeting.objects.get(request=request)
    # Made from the request, they name it and do not copy what the requester typed.
    assert SENTINELS["title"] not in meeting.title
    assert SENTINELS["unclear_rules (→ gap)"] not in gap.title
    before = _dump()
    counts_before = {field: before.count(value) for field, value in SENTINELS.items()}
    assert all(counts_before.values()), counts_before

    assert anonymise_closed_requests() == 1
    after = _dump()
    counts_after = {field: after.count(value) for field, value in SENTINELS.items()}
    table = "\n".join(f"{f}: {counts_before[f]} → {counts_after[f]}" for f in SENTINELS)
    sys.stdout.write(f"\nfield → occurrences in pg_dump before → after\n{table}\n")
    assert counts_after == dict.fromkeys(SENTINELS, 0)
    gap.refresh_from_db()
    assert gap.title.startswith("Unclear rules from") or gap.title.startswith("Uklart regelverk")
    assert anonymise_closed_requests() == 0  # safe to run twice


@pytest.mark.django_db
def test_an_anonymised_request_cannot_be_reverted_in_the_admin(client, cast):
    request, _token = guidance_request_submit(
        data=RequestData(
            kind="question",
            requester_name=NAME,
            requester_email=EMAIL,
            organisation="X",
            org_kind="industry",
            title="T",
            question="Q",
            phase="development",
            consent=True,
        )
    )
    request.status = GuidanceRequest.Status.CLOSED
    request.closed_at = timezone.now() - datetime.timedelta(days=400)
    save_with_reason(request, by=cast["secretariat"], reason="closed")
    anonymise_closed_requests()
    first_version = request.history.earliest()
    client.force_login(cast["admin"])
    url = f"/admin/guidance/guidancerequest/{request.pk}/history/{first_version.history_id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"requester_name": NAME, "change_reason": "revert"})
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.requester_name != NAME
    assert not GuidanceRequest.history.filter(requester_name=NAME).exists()
