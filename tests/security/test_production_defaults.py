"""Safe defaults with DEBUG off (issue 20): the site URL in e-mails, the admin's second factor,
mail and logs that never show a secret link, health probes past the HTTPS redirect, and the
Norwegian 500 page in the site's layout."""

import datetime
import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.checks.registry import registry
from django.core.mail import EmailMessage
from django.urls import reverse

from kiraad.checks import check_site_url
from kiraad.logconfig import JsonFormatter, logging_config, redact
from kiraad.mail import RedactingConsoleBackend
from kiraad.routes import RouteAccess, route_table

SECRET = "S3cretT0kenValue"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-key-" + "q8Zr3xL0vT2mN7pK5wB9sD1fH4jG6cY",
    "ALLOWED_HOSTS": "kiraad.example.no",
    "SITE_URL": "https://kiraad.example.no",
    "EMAIL_URL": "smtp+tls://mailer@mail.example.no:587",
}
UNSET = None


def load_settings(**env: str | None) -> subprocess.CompletedProcess:
    """Import the production settings module in a fresh process with exactly `env` set."""
    own = ("DEBUG", "SITE_URL", "GUIDANCE_PUBLIC_BASE_URL", "EMAIL_URL", "ADMIN_REQUIRE_2FA")
    environment = {k: v for k, v in os.environ.items() if k not in own}
    environment["DJANGO_SETTINGS_MODULE"] = "kiraad.project.settings"
    environment.update({k: v for k, v in env.items() if v is not UNSET})
    for name in [k for k, v in env.items() if v is UNSET]:
        environment.pop(name, None)
    script = (
        "import json; from kiraad.project import settings as s; print(json.dumps({"
        "'SITE_URL': s.SITE_URL, 'ADMIN_REQUIRE_2FA': s.ADMIN_REQUIRE_2FA, "
        "'MAILER': s.MAILERS['default']['BACKEND']}))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def loaded(**env: str | None) -> dict:
    result = load_settings(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- settings: required values and defaults ---------------------------------------------------


def test_production_defaults_require_the_second_factor_and_use_the_site_url():
    values = loaded(**PRODUCTION)
    assert values["SITE_URL"] == "https://kiraad.example.no"
    assert values["ADMIN_REQUIRE_2FA"] is True
    assert values["MAILER"] == "django.core.mail.backends.smtp.EmailBackend"


def test_development_defaults_to_localhost_no_second_factor_and_a_redacting_console():
    values = loaded(DEBUG="1", SITE_URL=UNSET, EMAIL_URL=UNSET)
    assert values["SITE_URL"] == "http://127.0.0.1:8000"
    assert values["ADMIN_REQUIRE_2FA"] is False
    assert values["MAILER"] == "kiraad.mail.RedactingConsoleBackend"


def test_the_second_factor_can_still_be_turned_off_explicitly():
    assert loaded(**PRODUCTION, ADMIN_REQUIRE_2FA="0")["ADMIN_REQUIRE_2FA"] is False


def test_the_former_name_of_the_site_url_is_still_read():
    values = loaded(**{**PRODUCTION, "SITE_URL": UNSET}, GUIDANCE_PUBLIC_BASE_URL="https://a.no/")
    assert values["SITE_URL"] == "https://a.no"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SITE_URL": UNSET}, "Set SITE_URL"),
        ({"SITE_URL": "kiraad.example.no"}, "SITE_URL must be"),
        ({"SITE_URL": "https://kiraad.example.no/portal"}, "SITE_URL must be"),
        ({"EMAIL_URL": UNSET}, "EMAIL_URL"),
        ({"EMAIL_URL": "consolemail://"}, "consolemail:// is for development"),
    ],
)
def test_production_refuses_to_start_without_a_safe_value(change, message):
    result = load_settings(**{**PRODUCTION, **change})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("site_url", "allowed_hosts", "expected"),
    [
        ("https://kiraad.example.no", ["kiraad.example.no"], []),
        ("https://kiraad.example.no", [".example.no"], []),
        ("http://kiraad.example.no", ["kiraad.example.no"], ["kiraad.W001"]),
        ("http://127.0.0.1:8000", ["kiraad.example.no"], ["kiraad.W001", "kiraad.W002"]),
        ("https://localhost", ["localhost"], ["kiraad.W002"]),
        ("https://portal.example.org", ["kiraad.example.no"], ["kiraad.W003"]),
    ],
)
def test_the_deploy_check_reviews_the_site_url(settings, site_url, allowed_hosts, expected):
    settings.SITE_URL = site_url
    settings.ALLOWED_HOSTS = allowed_hosts
    assert [warning.id for warning in check_site_url(None)] == expected
    assert check_site_url in registry.get_checks(include_deployment_checks=True)
    assert check_site_url not in registry.get_checks(include_deployment_checks=False)


# --- health probes and the HTTPS redirect -----------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/livez", "/healthz"])
def test_health_probes_answer_over_plain_http(client, settings, path):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(path).status_code in (200, 503)
    assert client.get("/accounts/login/").status_code == 301


# --- links in e-mails -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_password_reset_link_is_built_on_the_site_url(client, cast, settings, mailoutbox):
    settings.SITE_URL = "https://kiraad.example.no"
    response = client.post(
        "/accounts/password_reset/", {"email": cast["hdir_rep"].email}, HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "https://kiraad.example.no/accounts/reset/" in mailoutbox[0].body
    assert "localhost" not in mailoutbox[0].body


def test_the_console_mailer_prints_the_mail_without_its_secret_link():
    stream = io.StringIO()
    body = (
        "Følg saken din her (hold lenken privat):\n"
        f"https://kiraad.example.no/guidance/track/{SECRET}/\n" + "Ærlig talt, øyeblikk. " * 10
    )
    message = EmailMessage("Kvittering", body, "ki-radet@example.no", ["a@example.no"])
    assert RedactingConsoleBackend(stream=stream).send_messages([message]) == 1
    printed = stream.getvalue()
    assert SECRET not in printed
    assert "https://kiraad.example.no/guidance/track/[redacted]/" in printed
    assert "Subject: Kvittering" in printed
    assert "Følg saken din her" in printed


# --- logs -------------------------------------------------------------------------------------

# Every route whose URL carries a credential, with sample arguments. A new TOKEN route in
# kiraad/routes.py (or an app's routes.py) fails the first test until it is added here and to
# kiraad.logconfig.
SECRET_ROUTES = {
    "guidance:request-track": {"token": SECRET},
    "kiraad:calendar-feed": {"token": SECRET, "body_key": "ki-radet"},
    "password_reset_confirm": {"uidb64": SECRET, "token": SECRET},
    "notifications:unsubscribe": {"token": SECRET},
}


def test_every_token_route_is_redacted():
    token_routes = {name for name, kind in route_table().items() if kind is RouteAccess.TOKEN}
    assert token_routes == set(SECRET_ROUTES)
    for name, kwargs in SECRET_ROUTES.items():
        path = reverse(name, kwargs=kwargs)
        for line in (f'"GET {path}?a=1 HTTP/1.1" 404 12', f"https://kiraad.example.no{path}"):
            assert SECRET not in redact(line), name
            assert "[redacted]" in redact(line), name


def _handlers_reached_by(name: str):
    logger = logging.getLogger(name)
    while logger is not None:
        yield from logger.handlers
        if not logger.propagate:
            return
        logger = logger.parent


@pytest.mark.parametrize(
    "logger", ["django.server", "django.request", "django", "gunicorn.error", "celery", "guidance"]
)
def test_every_log_handler_redacts_tracking_tokens(settings, logger):
    """As runserver logs a 404 (DEBUG on, so Django's own debug handlers would print too)."""
    settings.DEBUG = True
    handlers = [
        handler
        for handler in _handlers_reached_by(logger)
        if not isinstance(handler, logging.NullHandler)  # writes nothing
        and not type(handler).__module__.startswith("_pytest")  # pytest's capture
    ]
    assert handlers
    for handler in handlers:
        record = logging.LogRecord(
            logger, logging.WARNING, __file__, 1, '"%s" %s %s',
            (f"GET /guidance/track/{SECRET}/ HTTP/1.1", 404, 3947), None,
        )  # fmt: skip
        if handler.filter(record):
            assert SECRET not in handler.format(record), handler


def test_json_lines_carry_the_fields_and_a_redacted_traceback():
    try:
        raise ValueError(f"bad /guidance/track/{SECRET}/")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord(
        "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s",
        (f"/guidance/track/{SECRET}/",), exc_info,
    )  # fmt: skip
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert SECRET not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Internal Server Error: /guidance/track/[redacted]/"
    assert "ValueError" in entry["exc"]
    assert datetime.datetime.fromisoformat(entry["time"]).tzinfo is not None
    assert logging_config(fmt="json")["handlers"]["console"]["formatter"] == "json"
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        logging_config(fmt="xml")


# --- the 500 page -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_server_error_shows_the_norwegian_page_in_the_site_layout(
    client, cast, django_capture_on_commit_callbacks
):
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
    report.refresh_from_db()
    Path(report.pdf.path).unlink()  # the media volume lost the file
    client.raise_request_exception = False
    client.force_login(cast["secretariat"])
    response = client.get(f"/reports/{report.pk}/download/")
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="nb"' in page
    assert 'class="portal-header"' in page
    assert "css/portal" in page
    assert "Noe gikk galt" in page
