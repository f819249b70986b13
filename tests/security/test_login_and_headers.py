"""Login brute-force protection and security headers (issue 8, points 4 and 5)."""

import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings

pytestmark = pytest.mark.django_db


def _fail(client, path, username="sekretariat"):
    return client.post(path, {"username": username, "password": "wrong"}, REMOTE_ADDR="10.1.2.3")


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_the_fifth_failed_password_locks_the_account_for_15_minutes(client, cast, path):
    for _attempt in range(4):
        assert _fail(client, path).status_code == 200
    locked = _fail(client, path)
    assert locked.status_code == 429
    assert "15 minutter" in locked.text
    # During the lockout even the right password is refused.
    right = client.post(path, {"username": "sekretariat", "password": "pw"}, REMOTE_ADDR="10.1.2.3")
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="sekretariat").failures_since_start >= 5


def test_failures_for_one_account_do_not_lock_another(client, cast):
    for _attempt in range(5):
        _fail(client, "/accounts/login/")
    other = client.post(
        "/accounts/login/", {"username": "rep-hdir", "password": "pw"}, REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 302


def test_responses_of_every_kind_carry_the_security_headers(client, cast):
    anonymous_redirect = client.get("/council/")
    not_found = client.get("/no-such-page/")
    client.force_login(cast["admin"])
    page = client.get("/")
    admin_page = client.get("/admin/")
    for response in (anonymous_redirect, not_found, page, admin_page):
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "base-uri 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_production_settings_use_hsts_and_host_only_secure_cookies():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "kiraad.example.no",
        "SITE_URL": "https://kiraad.example.no",
        "EMAIL_URL": "smtp+tls://mailer@mail.example.no:587",
        "DJANGO_SETTINGS_MODULE": "kiraad.project.settings",
    }
    env.pop("DATABASE_URL", None)
    script = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps({k: getattr(s, k) for k in ['SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SESSION_COOKIE_NAME', 'CSRF_COOKIE_NAME', 'SECURE_SSL_REDIRECT']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert values["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert values["SECURE_SSL_REDIRECT"] is True


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_an_overlong_user_name_is_refused_not_a_server_error(client, path):
    response = client.post(path, {"username": "A" * 20000, "password": "x"})
    assert response.status_code == 200
    assert not AccessAttempt.objects.exists()


def test_the_pdf_download_carries_the_security_headers(
    client, cast, django_capture_on_commit_callbacks
):
    import datetime

    from kiraad.reports.services import report_order

    with django_capture_on_commit_callbacks(execute=True):
        report = report_order(
            by=cast["secretariat"],
            title="Rapport",
            period_start=datetime.date(2026, 1, 1),
            period_end=datetime.date(2026, 6, 30),
            as_of=datetime.datetime(2026, 7, 1, tzinfo=datetime.UTC),
            commissions=[],
        )
    client.force_login(cast["secretariat"])
    response = client.get(f"/reports/{report.pk}/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_check_deploy_passes_with_the_production_settings():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "a-long-random-production-key-" + "q8Zr3xL0vT2mN7pK5wB9sD1fH4jG6cY",
        "ALLOWED_HOSTS": "kiraad.example.no",
        "SITE_URL": "https://kiraad.example.no",
        "EMAIL_URL": "smtp+tls://mailer@mail.example.no:587",
        "DJANGO_SETTINGS_MODULE": "kiraad.project.settings",
    }
    # The browser tests set this for Playwright's event loop; production never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_idle_session_ends_after_the_idle_limit(client, cast):
    import datetime

    import time_machine

    client.force_login(cast["hdir_rep"])
    assert client.get("/").status_code == 200
    idle = datetime.timedelta(seconds=django_settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + idle):
        response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_activity_keeps_a_session_alive_past_the_idle_limit(client, cast, settings):
    import datetime

    import time_machine

    settings.SESSION_ABSOLUTE_SECONDS = 7 * 24 * 60 * 60  # only the idle limit matters here
    client.force_login(cast["hdir_rep"])
    start = datetime.datetime.now(tz=datetime.UTC)
    almost_idle = datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 600)
    with time_machine.travel(start + almost_idle):
        assert client.get("/").status_code == 200
    # Twice the idle limit after login, but less than the limit after the last visit.
    with time_machine.travel(start + 2 * almost_idle):
        assert client.get("/").status_code == 200


def test_pages_within_the_refresh_interval_do_not_write_the_session(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast["hdir_rep"])
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    writes = [q["sql"] for q in ctx.captured_queries if "django_session" in q["sql"]]
    assert len(writes) == 1, writes
    assert writes[0].startswith("SELECT"), writes
