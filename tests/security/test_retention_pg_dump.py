"""Personal data really gone: after the retention job, a sentinel name and e-mail occur 0 times
in a full pg_dump — history tables, the admin log and the login-attempt tables included."""

import datetime
import shutil
import subprocess

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from guidance.models import GuidanceRequest
from guidance.services.intake import RequestData, guidance_request_submit
from guidance.services.retention import anonymise_closed_requests
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


@pytest.mark.django_db(transaction=True)
@needs_postgres
@needs_pg_dump
def test_sentinel_personal_data_is_gone_from_a_full_database_dump(client, cast):
    request, _token = guidance_request_submit(
        data=RequestData(
            kind="question",
            requester_name=NAME,
            requester_email=EMAIL,
            organisation=f"{NAME} AS",
            org_kind="industry",
            title="Spørsmål om CE-merking",
            question=f"Hilsen {NAME}, {EMAIL}",
            phase="development",
            consent=True,
        )
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
    request.status = GuidanceRequest.Status.CLOSED
    request.closed_at = timezone.now() - datetime.timedelta(days=400)
    save_with_reason(request, by=cast["secretariat"], reason="closed")
    before = _dump()
    assert before.count(NAME) > 0
    assert before.count(EMAIL) > 0

    assert anonymise_closed_requests() == 1
    after = _dump()
    assert after.count(NAME) == 0
    assert after.count(EMAIL) == 0
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
