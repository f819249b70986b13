"""Rows a fixture writes in most tests, written by the fixture's own code once per test process
and copied back for each later test.

The test cast (tests/conftest.py: three agencies, five users with their roles and history) is
asked for by about 830 tests. Written through the factories and `user_set_roles` it takes about
125 statements and 0.1 s of CPU per test; the copy takes a handful of statements. The copy is
taken only when the fixture wrote into empty tables, and put back only into empty tables, so a
test sees exactly the rows the fixture's code would have written: the same ids (a sequence
never hands them out again, and one reset by a test is moved past them), the same values, and
every timestamp the code wrote moved by the time since, so «now» and the history's order read
as they would (also under a travelled clock). On SQLite the fixture's code always runs.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from tests.table_copies import copy_in, copy_out, reset_sequences


@dataclass(frozen=True)
class Copy:
    tables: dict[str, bytes]  # table → its new rows, COPY binary
    shifted: dict[str, list[str]]  # table → the timestamp columns the code wrote
    written_from: datetime.datetime
    written_until: datetime.datetime


_copies: dict[str, Copy] = {}


def written_once(name: str, tables: list[str], write: Callable[[], None]) -> bool:
    """Run `write`, or put back what it wrote the first time; True when the rows were put back.

    `tables` are every table `write` adds rows to."""
    if connection.vendor != "postgresql" or not _empty(tables):
        write()
        return False
    copy = _copies.get(name)
    if copy is not None and copy.tables.keys() == set(tables):
        _put_back(copy)
        return True
    written_from = timezone.now()
    write()
    _copies[name] = _take(tables, written_from, timezone.now())
    return False


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _empty(tables: list[str]) -> bool:
    union = " UNION ALL ".join(
        f"(SELECT 1 FROM {_quote(t)} LIMIT 1)"  # noqa: S608 (names from the fixture)
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(union)
        return cursor.fetchone() is None


def _take(tables: list[str], written_from, written_until) -> Copy:
    rows, shifted = {}, {}
    with connection.cursor() as cursor:
        for table in tables:
            rows[table] = copy_out(table)
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
                if column.type_code == 1184  # timestamp with time zone
            ]
            shifted[table] = [
                column
                for column in columns
                if _written_between(cursor, table, column, written_from, written_until)
            ]
    return Copy(rows, shifted, written_from, written_until)


def _written_between(cursor, table: str, column: str, start, end) -> bool:
    cursor.execute(
        f"SELECT bool_or({_quote(column)} BETWEEN %s AND %s) FROM {_quote(table)}",  # noqa: S608
        [start, end],
    )
    return bool(cursor.fetchone()[0])


def _put_back(copy: Copy) -> None:
    # The end of the write lands on «now»; what it wrote keeps its distance before that.
    delta = timezone.now() - copy.written_until
    with connection.cursor() as cursor:
        for table, rows in copy.tables.items():
            copy_in(table, rows)
            if copy.shifted[table]:
                moves = ", ".join(
                    f"{_quote(c)} = CASE WHEN {_quote(c)} BETWEEN %s AND %s "
                    f"THEN {_quote(c)} + %s ELSE {_quote(c)} END"
                    for c in copy.shifted[table]
                )
                window = [copy.written_from, copy.written_until, delta]
                cursor.execute(
                    f"UPDATE {_quote(table)} SET {moves}",  # noqa: S608 (names from the catalogue)
                    window * len(copy.shifted[table]),
                )
    # A test that reset the sequences (TRUNCATE … RESTART IDENTITY) left them below keys that
    # are back now.
    reset_sequences(list(copy.tables))
