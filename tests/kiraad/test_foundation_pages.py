import datetime

import pytest
import time_machine
from django.db.utils import OperationalError

from kiraad.models import Membership
from tests.factories import AgencyFactory, MandateFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/council/", "/admin/"])
def test_anonymous_user_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/") or response.url.startswith("/admin/login/")


def test_login_page_is_norwegian_and_logs_in(client, cast):
    page = client.get("/accounts/login/")
    assert page.status_code == 200
    assert '<html lang="nb"' in page.text
    assert "Logg inn" in page.text
    response = client.post("/accounts/login/", {"username": "sekretariat", "password": "pw"})
    assert response.status_code == 302
    assert response.url == "/"
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert "Oversikt" in dashboard.text


def test_language_switch_gives_english(client, cast):
    client.force_login(cast["secretariat"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/")
    assert '<html lang="en"' in page.text
    assert "Dashboard" in page.text


def _council_with_members():
    hdir = AgencyFactory(code="HDIR", name="Helsedirektoratet")
    fhi = AgencyFactory(code="FHI", name="Folkehelseinstituttet")
    kin = AgencyFactory(code="KIN", name="Kunstig intelligens i norsk helsetjeneste")
    mandate = MandateFactory(
        key="ki-radet-2024",
        title="Mandat KI-råd",
        lead_agency=hdir,
        purpose="KI-rådet skal gi råd til Helsedirektoratet",
        evaluation_due=datetime.date(2025, 12, 31),
    )
    MembershipFactory(mandate=mandate, agency=hdir, role=Membership.Role.LEAD)
    MembershipFactory(mandate=mandate, agency=fhi, role=Membership.Role.MEMBER)
    MembershipFactory(mandate=mandate, agency=kin, role=Membership.Role.OBSERVER)
    return mandate


@time_machine.travel(datetime.date(2025, 11, 1))
def test_council_page_flags_terms_ending_within_90_days(client, cast):
    _council_with_members()
    client.force_login(cast["hdir_rep"])
    page = client.get("/council/")
    assert page.status_code == 200
    assert "KI-rådet skal gi råd til Helsedirektoratet" in page.text
    assert page.text.count("utløper innen 90 dager") == 3
    for role in ("Leder", "Medlem", "Observatør"):
        assert role in page.text


@time_machine.travel(datetime.date(2026, 11, 23))
def test_council_page_says_when_the_term_has_ended(client, cast):
    _council_with_members()
    client.force_login(cast["hdir_rep"])
    page = client.get("/council/")
    assert "utløpt" in page.text
    assert "utløper innen 90 dager" not in page.text


def test_healthz_answers_ok_with_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_says_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db.backends.base.base import BaseDatabaseWrapper

    def refuse(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "down",
        "broker": response.json()["broker"],
    }


def test_healthz_names_the_broker_when_it_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    assert response.json()["database"] == "ok"


def test_pages_send_a_strict_content_security_policy(client, cast):
    client.force_login(cast["secretariat"])
    for path in ["/", "/council/", "/accounts/login/", "/does-not-exist/"]:
        policy = client.get(path)["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "object-src 'none'" in policy
        assert "base-uri 'none'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


def test_a_session_older_than_the_absolute_limit_is_logged_out(client, cast, settings):
    # A long idle limit, so that only the absolute limit can end this session.
    settings.SESSION_COOKIE_AGE = 7 * 24 * 60 * 60
    client.force_login(cast["hdir_rep"])
    assert client.get("/").status_code == 200
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=11)
    with time_machine.travel(later):
        assert client.get("/").status_code == 200
    with time_machine.travel(later + datetime.timedelta(hours=2)):
        response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
