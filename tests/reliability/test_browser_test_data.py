"""The browser tests' seed and demo data (tests/e2e/portal_data.py): restored from a copy, the
database holds what the loading commands leave, and it goes on working."""

import pytest
from django.core.management import call_command
from django.db import connection

from kiraad.models import Agency
from tests.e2e import portal_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    # On SQLite the commands always run: both tests would pass without testing anything.
    if connection.vendor != "postgresql":
        pytest.skip("the copy is taken on PostgreSQL only (SQLite runs the commands)")


def _rows() -> dict[str, list[str]]:
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(include_views=False):
            if table == "kiraad_dataversion":  # bumped by every restore, on purpose
                continue
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 (catalogue names)
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def _versions() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, version FROM kiraad_dataversion")
        return dict(cursor.fetchall())


def test_a_restore_leaves_what_the_commands_leave_and_the_database_goes_on(monkeypatch):
    monkeypatch.setattr(portal_data, "_copies", {})
    loads = []
    monkeypatch.setattr(portal_data, "_load", lambda real=portal_data._load: loads.append(real()))
    call_command("flush", interactive=False, verbosity=0)

    portal_data.load_portal_data()
    by_commands = _rows()
    versions = _versions()
    assert by_commands["measures_measure"], "the commands loaded the measures"
    call_command("flush", interactive=False, verbosity=0)
    portal_data.load_portal_data()

    assert len(loads) == 1, "the second load is a restore"
    assert _rows() == by_commands
    assert all(_versions()[name] > version for name, version in versions.items())
    # The sequences follow the restored rows: a new row gets a new id.
    agency = Agency.objects.create(code="NY", name="Ny etat")
    assert agency.pk > max(Agency.objects.exclude(pk=agency.pk).values_list("pk", flat=True))


@pytest.mark.slow
def test_a_database_that_already_holds_rows_gets_the_commands(monkeypatch):
    monkeypatch.setattr(portal_data, "_copies", {})
    loads = []
    monkeypatch.setattr(portal_data, "_load", lambda real=portal_data._load: loads.append(real()))
    call_command("flush", interactive=False, verbosity=0)
    portal_data.load_portal_data()
    call_command("flush", interactive=False, verbosity=0)
    Agency.objects.create(code="NY", name="Ny etat")

    portal_data.load_portal_data()

    assert len(loads) == 2, "a database with other rows is loaded by the commands"
    assert Agency.objects.filter(code="NY").exists()
