"""The real seed data: loaded correctly, spelled correctly, and idempotent."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from simple_history.models import registered_models

from kiraad.access import Role
from kiraad.models import Agency, Body, Commission, Mandate, Membership, User
from tests.once_per_module import rolled_back_after

pytestmark = pytest.mark.django_db


def _load_seed() -> None:
    call_command("load_seed_data", verbosity=0)


@pytest.fixture(scope="module", autouse=True)
def seed(django_db_setup, django_db_blocker):
    """The seed, loaded once into the empty database for the module; each test starts from it
    (what a test writes is rolled back), as it would after loading it itself."""
    with rolled_back_after(django_db_blocker, _load_seed):
        yield


def _row_and_history_counts() -> dict[str, int]:
    """Rows and history rows of every model with a history (the other apps' seeds too: a
    second load that saves an unchanged row still writes a history row)."""
    counts = {}
    for model in registered_models.values():
        counts[model._meta.label] = model._default_manager.count()
        counts[f"{model._meta.label} history"] = model.history.count()
    return counts


def test_loading_the_seed_twice_changes_nothing():
    first = _row_and_history_counts()  # after the first load (the module's `seed`)
    _load_seed()
    assert _row_and_history_counts() == first
    assert first["kiraad.Agency"] >= 15


def test_seed_has_the_agencies_spelled_correctly_with_their_mergers():
    names = dict(Agency.objects.values_list("code", "name"))
    assert names["HSØ"] == "Helse Sør-Øst RHF"
    assert names["HMN"] == "Helse Midt-Norge RHF"
    assert names["E-HELSE"] == "Direktoratet for e-helse"
    assert names["SLV"] == "Statens legemiddelverk"
    assert names["DMP"] == "Direktoratet for medisinske produkter"
    for name in names.values():
        assert "@" not in name
        assert "Sgr" not in name
    ehelse = Agency.objects.get(code="E-HELSE")
    assert (ehelse.successor.code, ehelse.dissolved_on, ehelse.change_kind) == (
        "HDIR",
        datetime.date(2024, 1, 1),
        "merger",
    )
    slv = Agency.objects.get(code="SLV")
    assert (slv.successor.code, slv.change_kind) == ("DMP", "rename")
    assert Commission.objects.filter(reference="TB2023-58", agency__code="HDIR").exists()


def test_seed_has_the_council_mandate_and_membership():
    council = Body.objects.get(key="ki-radet")
    assert not council.decides
    mandate = council.mandates.get()
    assert mandate.term_end == datetime.date(2025, 12, 31)
    assert mandate.evaluation_due == datetime.date(2025, 12, 31)
    assert (mandate.meetings_per_half_year_min, mandate.meetings_per_half_year_max) == (3, 4)
    assert mandate.lead_agency.code == "HDIR"
    assert "gi råd til Helsedirektoratet" in mandate.purpose
    roles = dict(mandate.memberships.values_list("agency__code", "role"))
    assert roles["KIN"] == Membership.Role.OBSERVER
    assert roles["HDIR"] == Membership.Role.LEAD
    members = {code for code, role in roles.items() if role == Membership.Role.MEMBER}
    assert members == {"HTIL", "FHI", "HSØ", "HV", "HMN", "HN", "KS"}


def test_seed_has_the_predecessor_bodies_as_history():
    steering = Body.objects.filter(decides=True, active_to__lte=datetime.date(2023, 12, 31))
    assert steering.exists()
    assert Mandate.objects.filter(body__in=steering).exclude(purpose="").exists()
    interim = Body.objects.get(kind=Body.Kind.INTERIM_GROUP)
    assert (interim.active_from, interim.active_to) == (
        datetime.date(2024, 1, 1),
        datetime.date(2024, 4, 1),
    )


def test_demo_users_are_loaded_once_with_their_roles():
    call_command("load_demo_data", verbosity=0)
    first = _row_and_history_counts()
    call_command("load_demo_data", verbosity=0)
    assert _row_and_history_counts() == first
    hso = User.objects.get(username="rep-hso")
    assert hso.agency.code == "HSØ"
    assert hso.groups.filter(name=Role.AGENCY_REPRESENTATIVE).exists()
    assert User.objects.get(username="sekretariat").groups.filter(name=Role.SECRETARIAT).exists()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="kin").groups.filter(name=Role.NETWORK_COORDINATOR).exists()
    assert hso.check_password("demo-kiraad")


def test_demo_data_is_refused_in_production(settings):
    settings.ALLOW_DEMO_DATA = False
    with pytest.raises(CommandError, match="never in production"):
        call_command("load_demo_data", verbosity=0)
    assert not User.objects.filter(username="sekretariat").exists()


def test_council_page_shows_the_real_council(client):
    call_command("load_demo_data", verbosity=0)
    client.force_login(User.objects.get(username="rep-fhi"))
    page = client.get("/council/")
    assert page.status_code == 200
    assert "KI-rådet for helse- og omsorgssektoren" in page.text
    assert "Helse Sør-Øst RHF" in page.text
    assert "Bedre bruk av kunstig intelligens" in page.text
