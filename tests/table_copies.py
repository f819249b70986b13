"""Tables copied out and back in by PostgreSQL's COPY (binary), for the data the tests write
once per process and put back (tests/e2e/portal_data.py, tests/written_once.py)."""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection


def copy_out(table: str) -> bytes:
    """Every row of `table`."""
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(table)} TO STDOUT (FORMAT binary)"
        ) as copy,
    ):
        return b"".join(bytes(block) for block in copy)


def copy_in(table: str, rows: bytes) -> None:
    """Put back rows that `copy_out` gave."""
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {connection.ops.quote_name(table)} FROM STDIN (FORMAT binary)"
        ) as sink,
    ):
        sink.write(rows)


def reset_sequences(tables: list[str] | None = None) -> None:
    """Each key sequence to its table's newest key, as Django's `sqlsequencereset` does (every
    table's when `tables` is None): a new row then never takes a key that was put back."""
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if tables is None or model._meta.db_table in tables
    ]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
