"""The seed and the demo data for the browser tests, loaded by their commands once per test
process and restored from a copy of every table for the next test that asks.

Each browser test starts from an emptied database (its live server needs committed rows), and
loading the seed and the demo data by their commands took 7–8 s of a 2-core machine's CPU per
test under CI's load; restoring the same rows takes a fraction of that. The copy is taken only
right after the commands ran on a database holding exactly what it holds now (the same number
of rows in every table), on the same day (the demo world is built around the day it is loaded);
otherwise the commands run. After a restore every data version is bumped and the caches are
emptied, so nothing cached from an earlier test is read as current.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from tests.table_copies import copy_in, copy_out, reset_sequences

_copies: dict[tuple, dict[str, bytes]] = {}


def load_portal_data() -> None:
    """What `load_seed_data` and `load_demo_data` leave, by the commands or from the copy."""
    if connection.vendor != "postgresql":
        _load()
        return
    tables = connection.introspection.table_names(include_views=False)
    key = (timezone.localdate(), tuple(_row_counts(tables)))
    copy = _copies.get(key)
    if copy is None:
        _load()
        _copies[key] = {table: copy_out(table) for table in tables}
        return
    _restore(copy)


def _load() -> None:
    call_command("load_seed_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)


def _row_counts(tables: list[str]) -> list[tuple[str, int]]:
    quote = connection.ops.quote_name
    union = " UNION ALL ".join(
        f"SELECT %s, count(*) FROM {quote(table)}"  # noqa: S608 (names from the catalogue)
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(union, tables)
        return sorted(cursor.fetchall())


def _restore(copy: dict[str, bytes]) -> None:
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        # Triggers off (foreign-key checks and data-version bumps included) while the rows of a
        # consistent copy go back; on again before the transaction ends.
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table in copy:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (names from the catalogue)
        for table, rows in copy.items():
            copy_in(table, rows)
        reset_sequences()
        cursor.execute("UPDATE kiraad_dataversion SET version = nextval('kiraad_dataversion_seq')")
        cursor.execute("SET LOCAL session_replication_role = origin")
    ContentType.objects.clear_cache()
    for cache in caches.all(initialized_only=True):
        cache.clear()
