"""The open, read-only API (issue 19): the public register and the knowledge base as JSON,
paginated and filtered like the pages, anonymous, CORS for reading, rate-limited, described by
an OpenAPI 3.1 document and a browsable page that needs no script."""

import re

import pytest
from django.core.cache import cache

from network import services
from network.models import AIDeployment
from tests.guidance.factories import ArticleFactory, RegulatoryAreaFactory
from tests.network.factories import DeploymentFactory, ExperienceFactory

pytestmark = pytest.mark.django_db

INTERNAL = "INTERNT-7f3a"  # planted in every internal field; must never appear


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # each test starts with an empty rate-limit window


@pytest.fixture
def register(cast):
    """A published entry (with an experience report), a draft and a withdrawn one."""
    internal = {
        "internal_note": INTERNAL,
        "benefit_notes": INTERNAL,
        "cost_notes": INTERNAL,
        "contact_name": INTERNAL,
        "contact_email": "internt-7f3a@example.org",
    }
    platform = DeploymentFactory(system="Plattform Øst", **internal)
    published = DeploymentFactory(
        system="Bruddvarsel",
        region=AIDeployment.Region.HV,
        parent=platform,
        **internal,
    )
    ExperienceFactory(deployment=published, summary=INTERNAL)
    draft = DeploymentFactory(
        system=f"Utkast {INTERNAL}", publication=AIDeployment.Publication.DRAFT
    )
    withdrawn = DeploymentFactory(system="Trukket system", **internal)
    services.deployment_withdraw(
        deployment=withdrawn, by=cast["secretariat"], reason="Feil helseforetak oppgitt"
    )
    return {"platform": platform, "published": published, "draft": draft, "withdrawn": withdrawn}


def _json(client, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, (path, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_the_register_lists_published_entries_only(client, register):
    data = _json(client, "/api/v1/register/")
    systems = [item["system"] for item in data["items"]]
    assert systems == ["Bruddvarsel", "Plattform Øst"]
    assert data["count"] == 2
    entry = data["items"][0]
    assert entry["platform"] == {"id": register["platform"].pk, "system": "Plattform Øst"}
    assert entry["region"] == "HV"
    assert entry["region_label"] == "Helse Vest"
    assert entry["status"] == "published"
    assert entry["url"] == f"/register/{register['published'].pk}/"


def test_the_register_filters_like_the_page(client, register):
    assert [i["system"] for i in _json(client, "/api/v1/register/?region=HV")["items"]] == [
        "Bruddvarsel"
    ]
    assert [i["system"] for i in _json(client, "/api/v1/register/?q=plattform")["items"]] == [
        "Plattform Øst"
    ]
    errors = _json(client, "/api/v1/register/?region=XX", status=422)
    assert errors["detail"][0]["loc"][-1] == "region"


def test_the_register_is_paginated(client, db):
    DeploymentFactory.create_batch(7)
    first = _json(client, "/api/v1/register/?page_size=5")
    second = _json(client, "/api/v1/register/?page_size=5&page=2")
    assert first["count"] == second["count"] == 7
    assert len(first["items"]) == 5
    assert len(second["items"]) == 2
    assert _json(client, "/api/v1/register/?page=99")["items"] == []
    _json(client, "/api/v1/register/?page_size=1000", status=422)


def test_a_withdrawn_entry_shows_why_in_its_public_history(client, register):
    withdrawn = register["withdrawn"]
    data = _json(client, f"/api/v1/register/{withdrawn.pk}/")
    assert data["status"] == "withdrawn"
    assert data["withdrawn_reason"] == "Feil helseforetak oppgitt"
    assert [h["kind"] for h in data["history"]] == ["withdrawn", "created"]
    assert data["history"][0]["reason"] == "Feil helseforetak oppgitt"


def test_a_draft_entry_is_not_found(client, register):
    assert _json(client, f"/api/v1/register/{register['draft'].pk}/", status=404) == {
        "detail": "Not Found"
    }


def test_no_internal_field_or_draft_ever_appears(client, register):
    """Every answer of the API, for every entry, carries none of the internal values."""
    paths = ["/api/v1/register/", "/api/v1/register/?q=Utkast", "/api/v1/openapi.json"]
    paths += [f"/api/v1/register/{e.pk}/" for e in register.values()]
    for path in paths:
        body = client.get(path).content.decode()
        assert INTERNAL not in body, path
        assert "internt-7f3a" not in body, path
    entry = _json(client, f"/api/v1/register/{register['published'].pk}/")
    for name in (
        "internal_note",
        "benefit_notes",
        "cost_notes",
        "contact_name",
        "contact_email",
        "reported_by",
        "reporting_agency",
        "experiences",
        "publication",
        "published_at",
    ):
        assert name not in entry


@pytest.fixture
def articles(agencies):
    area = RegulatoryAreaFactory(key="personvern", name="Personvern (GDPR)")
    published = ArticleFactory(
        title="Personvern når KI utvikles",
        summary="Behandlingsgrunnlag.",
        topics=["privacy"],
        responsible_agency=agencies["HDIR"],
    )
    published.areas.add(area)
    published.resources.create(title="Datatilsynets veileder", url="https://example.org/v")
    ArticleFactory(title="Innkjøp av KI", phases=["procurement"])
    hidden = ArticleFactory(title=f"Upublisert {INTERNAL}", published=False, no_personal_data=False)
    return {"published": published, "hidden": hidden}


def test_the_knowledge_base_lists_and_searches_published_articles(client, articles):
    titles = [a["title"] for a in _json(client, "/api/v1/kb/")["items"]]
    assert titles == ["Innkjøp av KI", "Personvern når KI utvikles"]
    found = _json(client, "/api/v1/kb/?q=personvernet")["items"]
    assert [a["title"] for a in found] == ["Personvern når KI utvikles"]
    assert found[0]["areas"] == [{"key": "personvern", "name": "Personvern (GDPR)"}]
    assert found[0]["responsible_agency"]["code"] == "HDIR"
    by_phase = _json(client, "/api/v1/kb/?phase=procurement")["items"]
    assert [a["title"] for a in by_phase] == ["Innkjøp av KI"]
    by_area = _json(client, "/api/v1/kb/?area=personvern")["items"]
    assert [a["title"] for a in by_area] == ["Personvern når KI utvikles"]


def test_an_article_has_its_text_and_resources_and_no_internal_field(client, articles):
    data = _json(client, f"/api/v1/kb/{articles['published'].slug}/")
    assert data["body_html"] == "<p>Tekst</p>"
    assert data["resources"][0]["title"] == "Datatilsynets veileder"
    for name in ("published", "no_personal_data", "source_request", "body_markdown"):
        assert name not in data
    _json(client, f"/api/v1/kb/{articles['hidden'].slug}/", status=404)
    assert INTERNAL not in client.get("/api/v1/kb/?q=Upublisert").content.decode()


def test_any_origin_may_read_and_nobody_may_write(client, register):
    response = client.get("/api/v1/register/", headers={"Origin": "https://example.com"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        "/api/v1/register/",
        headers={"Origin": "https://example.com", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    posted = client.post("/api/v1/register/", {}, headers={"Origin": "https://example.com"})
    assert posted.status_code == 405
    assert "Access-Control-Allow-Origin" not in posted
    assert AIDeployment.objects.count() == 4


def test_the_api_is_rate_limited_per_client(client, register, settings):
    settings.API_RATE = "3/m"
    statuses = [client.get("/api/v1/register/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/kb/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) <= 60
    other = client.get("/api/v1/kb/", REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 200


def test_the_openapi_document_is_3_1_and_lists_every_endpoint(client):
    document = _json(client, "/api/v1/openapi.json")
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/v1/register/",
        "/api/v1/register/{pk}/",
        "/api/v1/kb/",
        "/api/v1/kb/{slug}/",
    }
    assert all(set(ops) == {"get"} for ops in document["paths"].values())


def test_the_browsable_page_needs_no_script_and_describes_each_endpoint(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/api/v1/openapi.json" in page
    for path in ("/api/v1/register/", "/api/v1/register/{pk}/", "/api/v1/kb/{slug}/"):
        assert f"GET {path}" in page
    assert "withdrawn_reason" in page
    assert "region_label" in page
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # Nothing is loaded from another host (a CDN). Not a search for «cdn»: the page's random
    # CSRF token contains those three letters about once in 400 renders.
    assert not re.search(r'(?:\bsrc=|<link[^>]*\bhref=)"(?:https?:)?//', page)
