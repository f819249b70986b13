"""The data-version counters the page cache keys on (kiraad/page_cache.py), on PostgreSQL only.

Every INSERT, UPDATE, DELETE or TRUNCATE statement on a watched table stores a fresh value of
one sequence as that table's version, inside the writing transaction: readers see the new version
exactly when they see the new rows, and a value is never handed out twice, even after a
rollback. The table is not a Django model, so `flush` leaves it alone.
"""

from django.db import migrations


class RunSQLOnPostgres(migrations.RunSQL):
    """The page cache is off on SQLite, which gets no counters."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


COUNTERS = """
CREATE SEQUENCE kiraad_dataversion_seq;
CREATE TABLE kiraad_dataversion (
    name text PRIMARY KEY,
    version bigint NOT NULL
);
CREATE FUNCTION kiraad_dataversion_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO kiraad_dataversion (name, version)
    VALUES (TG_TABLE_NAME, nextval('kiraad_dataversion_seq'))
    ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END
$$;
"""

DROP_COUNTERS = """
DROP FUNCTION kiraad_dataversion_bump();
DROP TABLE kiraad_dataversion;
DROP SEQUENCE kiraad_dataversion_seq;
"""


def watch(table: str) -> RunSQLOnPostgres:
    """A statement-level trigger on `table`, and its counter row (present from the start, so a
    missing row means «not watched» to the page cache)."""
    return RunSQLOnPostgres(
        sql=f"""
        CREATE TRIGGER kiraad_dataversion_bump
            AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION kiraad_dataversion_bump();
        INSERT INTO kiraad_dataversion (name, version)
            VALUES ('{table}', nextval('kiraad_dataversion_seq'));
        """,
        reverse_sql=f"""
        DROP TRIGGER kiraad_dataversion_bump ON {table};
        DELETE FROM kiraad_dataversion WHERE name = '{table}';
        """,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kiraad", "0002_meeting_documents_minutes_versions_calendar_tokens"),
    ]

    operations = [
        RunSQLOnPostgres(sql=COUNTERS, reverse_sql=DROP_COUNTERS),
        watch("kiraad_agency"),
    ]
