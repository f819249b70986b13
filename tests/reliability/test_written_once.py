"""The test cast copied back (tests/written_once.py): the rows the fixture's code writes, with
the same ids and values, timestamps at «now», sequences past them, and only into empty tables."""

import datetime
import itertools

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from kiraad.models import User
from kiraad.services import user_set_roles
from tests import conftest, written_once
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TABLES = conftest.AGENCY_TABLES + conftest.CAST_TABLES
TIMESTAMPS = {"history_date", "date_joined"}


@pytest.fixture(autouse=True)
def _postgresql_only(monkeypatch):
    # On SQLite the fixture's code always runs: the tests would pass without testing anything.
    if connection.vendor != "postgresql":
        pytest.skip("the copy is taken on PostgreSQL only (SQLite runs the fixture's code)")
    monkeypatch.setattr(written_once, "_copies", {})


def _rows() -> dict[str, list[tuple]]:
    """Every row of the cast's tables, timestamps apart, and the timestamps in write order."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in TABLES:
            [key] = connection.introspection.get_primary_key_columns(cursor, table)
            cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY {quote(key)}")  # noqa: S608
            names = [column.name for column in cursor.description]
            rows[table] = [
                tuple(v for n, v in zip(names, row, strict=True) if n not in TIMESTAMPS)
                for row in cursor.fetchall()
            ]
    return rows


def _timestamps() -> list[datetime.datetime]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT history_date FROM kiraad_historicaluser UNION ALL "
            "SELECT history_date FROM kiraad_historicalagency ORDER BY 1"
        )
        return [stamp for (stamp,) in cursor.fetchall()]


def _history_dates() -> dict[str, list[datetime.datetime]]:
    dates = {}
    with connection.cursor() as cursor:
        for table in ("kiraad_historicalagency", "kiraad_historicaluser"):
            cursor.execute(f"SELECT history_date FROM {table} ORDER BY history_id")  # noqa: S608
            dates[table] = [stamp for (stamp,) in cursor.fetchall()]
    return dates


def _gaps(stamps: list[datetime.datetime]) -> list[datetime.timedelta]:
    return [later - earlier for earlier, later in itertools.pairwise(stamps)]


def _empty_the_tables() -> None:
    with connection.cursor() as cursor:
        for table in reversed(TABLES):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def test_the_rows_put_back_are_the_rows_the_code_writes_and_the_database_goes_on():
    by_code = conftest.write_agencies()
    written = conftest.write_cast(by_code)
    assert len(written_once._copies) == 2  # the agencies' copy and the cast's
    rows, stamps, by_table = _rows(), _timestamps(), _history_dates()
    _empty_the_tables()

    again = conftest.write_agencies()
    cast = conftest.write_cast(again)

    assert _rows() == rows  # the same ids and values, groups and roles
    assert {user.username: user.pk for user in cast.values()} == {
        user.username: user.pk for user in written.values()
    }
    assert cast["hdir_rep"].agency is again["HDIR"]
    assert cast["secretariat"].groups.count() == 2
    new_stamps, new_by_table = _timestamps(), _history_dates()
    assert new_stamps[-1] <= timezone.now()
    assert new_stamps[-1] > stamps[-1]  # moved to the time of the put-back
    # Each table's history keeps its order and spacing (each fixture's copy moves as one).
    for table in ("kiraad_historicalagency", "kiraad_historicaluser"):
        assert _gaps(new_by_table[table]) == _gaps(by_table[table])

    # A new row gets a new id: the sequences are past the rows that came back.
    newcomer = UserFactory(username="newcomer")
    assert newcomer.pk > max(user.pk for user in cast.values())


def test_a_reset_sequence_is_moved_past_the_rows_put_back():
    conftest.write_cast(conftest.write_agencies())
    _empty_the_tables()
    with connection.cursor() as cursor:  # as TRUNCATE … RESTART IDENTITY leaves them
        for table in TABLES:
            [key] = connection.introspection.get_primary_key_columns(cursor, table)
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, %s), 1, false)", [table, key])
    conftest.write_cast(conftest.write_agencies())
    # Each sequence is at or past the newest key in its table (a history table's key is
    # history_id), so a new row cannot take a key that came back.
    with connection.cursor() as cursor:
        for table in TABLES:
            [key] = connection.introspection.get_primary_key_columns(cursor, table)
            cursor.execute(f"SELECT MAX({key}) FROM {table}")  # noqa: S608 (catalogue names)
            [newest] = cursor.fetchone()
            cursor.execute(
                "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s)::regclass)",
                [table, key],
            )
            [last_value] = cursor.fetchone()
            assert last_value is not None, table
            assert last_value >= newest, table
    newcomer = UserFactory(username="newcomer")
    user_set_roles(user=newcomer, agency=None, roles=set(), by=None, reason="test")
    assert newcomer.history.count() == 2


def test_under_a_travelled_clock_the_history_is_dated_then():
    conftest.write_cast(conftest.write_agencies())
    _empty_the_tables()
    then = datetime.datetime(2025, 3, 1, 12, tzinfo=datetime.UTC)
    with time_machine.travel(then, tick=False):
        cast = conftest.write_cast(conftest.write_agencies())
    stamps = _timestamps()
    # Written just before the travelled «now», as the fixture's code would have written them.
    assert then - datetime.timedelta(seconds=5) < stamps[0] <= stamps[-1] <= then
    joined = User.objects.get(pk=cast["admin"].pk).date_joined
    assert then - datetime.timedelta(seconds=5) < joined <= then


def test_tables_that_hold_rows_get_the_code_and_no_copy():
    UserFactory(username="someone-else")
    made: list[str] = []
    assert not written_once.written_once("check", ["kiraad_user"], lambda: made.append("code"))
    assert made == ["code"]
    assert "check" not in written_once._copies
