"""The register of AI systems: permissions, the public tier and its history, exports, charts."""

import csv
import io
import json
import re

import pytest

from network import services
from network.models import AIDeployment, DeploymentExperience
from tests.network.factories import DeploymentFactory, ExperienceFactory

LOGIN = "/accounts/login/"
SENTINEL = "INTERNT-HEMMELIG-7731"

FORM = {
    "system": "Hjerneslagvarsel",
    "vendor": "Leverandør AS",
    "health_trust": "Sykehuset Øst HF",
    "region": "HSØ",
    "clinical_area": "radiology",
    "intended_use": "Varsler mulig hjerneslag på CT",
    "phase": "implementation_decided",
    "regulatory_status": "ce_mdr",
    "mdr_risk_class": "IIb",
}


def _snapshot():
    return (
        list(AIDeployment.objects.order_by("pk").values()),
        DeploymentExperience.objects.count(),
        AIDeployment.history.count(),
    )


def _login(client, cast, hso_rep, who):
    if who == "hso_rep":
        client.force_login(hso_rep)
    elif who:
        client.force_login(cast[who])


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (None, 302),
        ("dmp_rep", 200),
        ("hso_rep", 200),
        ("kin_coordinator", 200),
        ("secretariat", 200),
    ],
)
@pytest.mark.parametrize("path", ["/network/register/", "/network/register/stats/", "detail"])
def test_internal_register_is_for_signed_in_users(client, cast, hso_rep, who, status, path):
    deployment = DeploymentFactory()
    _login(client, cast, hso_rep, who)
    url = f"/network/register/{deployment.pk}/" if path == "detail" else path
    response = client.get(url)
    assert response.status_code == status
    if who is None:
        assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize(
    ("who", "get_status", "post_status"),
    [
        (None, 302, 302),
        ("dmp_rep", 403, 403),  # an agency representative, but not of a health authority
        ("hdir_rep", 403, 403),
        ("hso_rep", 200, 302),  # a regional health authority's representative
        ("kin_coordinator", 200, 302),
        ("secretariat", 200, 302),
    ],
)
def test_report_page(client, cast, hso_rep, who, get_status, post_status):
    _login(client, cast, hso_rep, who)
    assert client.get("/network/register/new/").status_code == get_status
    before = _snapshot()
    response = client.post("/network/register/new/", FORM)
    assert response.status_code == post_status
    if post_status == 302 and who:
        deployment = AIDeployment.objects.get()
        assert response["Location"] == f"/network/register/{deployment.pk}/"
        if who == "hso_rep":
            assert deployment.reporting_agency.code == "HSØ"
    else:
        assert _snapshot() == before


def test_report_form_requires_risk_class_for_a_device_and_keeps_input(client, cast):
    client.force_login(cast["kin_coordinator"])
    response = client.post("/network/register/new/", {**FORM, "mdr_risk_class": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Give the risk class of a medical device." in content
    assert "Hjerneslagvarsel" in content
    assert AIDeployment.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "owner", "status"),
    [
        (None, "HSØ", 302),
        ("dmp_rep", "HSØ", 403),
        ("hso_rep", "HSØ", 302),
        ("hso_rep", "OTHER", 403),  # another health authority's entry
        ("kin_coordinator", "OTHER", 302),
        ("secretariat", "OTHER", 302),
    ],
)
def test_experience_and_edit(client, cast, hso_rep, hso, agencies, who, owner, status):
    deployment = DeploymentFactory(reporting_agency=hso if owner == "HSØ" else agencies["DMP"])
    _login(client, cast, hso_rep, who)
    before = _snapshot()
    response = client.post(
        f"/network/register/{deployment.pk}/",
        {"experience-kind": "benefit", "experience-summary": "Kortere ventetid"},
    )
    assert response.status_code == status
    edit = client.post(
        f"/network/register/{deployment.pk}/edit/", {**FORM, "phase": "in_operation"}
    )
    assert edit.status_code == status
    if status == 302 and who:
        assert deployment.experiences.get().summary == "Kortere ventetid"
        deployment.refresh_from_db()
        assert deployment.phase == "in_operation"
    else:
        assert _snapshot() == before


@pytest.fixture
def secret_entry(cast):
    platform = DeploymentFactory(system="Bildeplattform")
    deployment = services.deployment_create(
        data=services.DeploymentData(
            system="Mammografistøtte",
            vendor="Leverandør AS",
            health_trust="Sykehuset Vest HF",
            region="HV",
            clinical_area="radiology",
            intended_use="Dobbeltlesing av mammografi",
            intended_use_statement="Støtte for radiolog",
            phase="pilot",
            regulatory_status="ce_mdr",
            mdr_risk_class="IIa",
            parent=platform,
            benefit_notes=f"nytte {SENTINEL}",
            cost_notes=f"kost {SENTINEL}",
            contact_name=f"Kari {SENTINEL}",
            contact_email="kari@example.org",
            internal_note=SENTINEL,
        ),
        reported_by=cast["kin_coordinator"],
        reporting_agency=None,
    )
    ExperienceFactory(deployment=deployment, summary=SENTINEL)
    return services.deployment_publish(deployment=deployment, by=cast["secretariat"])


def _change(deployment, by, **changes):
    data = {
        name: getattr(deployment, name) for name in services.DeploymentData.__dataclass_fields__
    }
    data.update(changes)
    return services.deployment_update(
        deployment=deployment, by=by, data=services.DeploymentData(**data)
    )


def test_public_register_shows_no_internal_fields(client, cast, secret_entry):
    # An internal-only change, then a public one, both with the sentinel nearby.
    _change(secret_entry, cast["secretariat"], internal_note=f"{SENTINEL} endret")
    _change(secret_entry, cast["secretariat"], phase="in_operation", cost_notes=f"ny {SENTINEL}")
    services.deployment_publish(deployment=secret_entry, by=cast["admin"])
    for url in ["/register/", f"/register/{secret_entry.pk}/", "/register/?export=json"]:
        response = client.get(url)  # anonymous
        assert response.status_code == 200, url
        content = response.content.decode()
        assert SENTINEL not in content, url
        assert "kari@example.org" not in content, url
        assert str(cast["kin_coordinator"]) not in content, url  # reporter's name
        assert str(cast["secretariat"]) not in content, url  # who changed it
    assert "Mammografistøtte" in client.get("/register/").content.decode()


def test_public_history_shows_only_public_changes(client, cast, secret_entry):
    _change(secret_entry, cast["secretariat"], internal_note="bare internt")
    _change(secret_entry, cast["secretariat"], phase="in_operation", benefit_notes=SENTINEL)
    services.deployment_publish(deployment=secret_entry, by=cast["admin"])
    response = client.get(f"/register/{secret_entry.pk}/")
    history = response.context["history"]
    # Created, then one public change; the internal-only change is not a public version.
    assert [entry.kind for entry in history] == ["changed", "created"]
    assert history[0].changes == [("phase", "pilot", "in operation")]
    content = response.content.decode()
    assert "in operation" in content
    assert "Bildeplattform" in content
    assert SENTINEL not in content


def test_public_detail_404_for_missing(client, db):
    assert client.get("/register/999999/").status_code == 404


def test_internal_detail_shows_internal_fields(client, cast, secret_entry):
    client.force_login(cast["dmp_rep"])
    content = client.get(f"/network/register/{secret_entry.pk}/").content.decode()
    assert SENTINEL in content


def test_csv_export_of_the_filtered_list(client, cast):
    DeploymentFactory(system="Vest-system", region="HV", cost_notes="kostnad")
    DeploymentFactory(system="Øst-system", region="HSØ")
    client.force_login(cast["dmp_rep"])
    response = client.get("/network/register/", {"region": "HV", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["system"] for row in rows] == ["Vest-system"]
    assert rows[0]["region"] == "HV"
    assert rows[0]["cost_notes"] == "kostnad"


def test_json_export_of_the_filtered_list(client, cast):
    platform = DeploymentFactory(system="Plattform", phase="in_operation")
    DeploymentFactory(system="Modell", parent=platform, phase="pilot")
    ExperienceFactory(deployment=platform)
    client.force_login(cast["dmp_rep"])
    response = client.get("/network/register/", {"phase": "pilot", "export": "json"})
    results = json.loads(response.content)["results"]
    assert [(r["system"], r["parent"]) for r in results] == [("Modell", "Plattform")]
    results = json.loads(client.get("/network/register/?export=json").content)["results"]
    assert {r["system"]: r["experience_count"] for r in results} == {"Plattform": 1, "Modell": 0}


def test_stats_page_has_svg_charts_and_tables(client, cast):
    DeploymentFactory.create_batch(3, clinical_area="radiology", region="HN", phase="pilot")
    DeploymentFactory(clinical_area="pathology", region="HV", phase="in_operation")
    client.force_login(cast["dmp_rep"])
    response = client.get("/network/register/stats/")
    content = response.content.decode()
    assert content.count("<svg") == 3
    assert "<rect" in content
    assert "style=" not in content
    # Nothing is loaded from another host (a CDN). Not a search for «cdn»: the page's random
    # CSRF token contains those three letters about once in 400 renders.
    assert not re.search(r'(?:\bsrc=|<link[^>]*\bhref=)"(?:https?:)?//', content)
    charts = {chart.key: chart for chart in response.context["charts"]}
    radiology = next(b for b in charts["clinical_area"].bars if b.label == "radiology")
    assert radiology.count == 3
    assert radiology.width == 420  # the longest bar fills the scale
    assert {b.label: b.count for b in charts["region"].bars}["Helse Nord"] == 3
    assert content.count("<table") == 3  # the table alternative of each chart


def test_csv_export_defuses_formulas(client, cast):
    DeploymentFactory(system='=HYPERLINK("http://evil")', vendor="+1")
    client.force_login(cast["dmp_rep"])
    response = client.get("/network/register/", {"export": "csv"})
    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["system"].startswith("'=")
    assert row["vendor"] == "'+1"
