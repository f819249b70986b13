"""Data-version bumps take one transaction-level lock first (PostgreSQL only).

Each bump locks its table's counter row until the transaction ends. Without a common lock, a
status update (status updates, then the measure) and a merge (the measure, then status updates)
on two different measures could each hold the counter the other one needs: a deadlock where the
data rows never met. With one advisory lock taken before any counter row, writers to watched
tables simply take turns at their first watched write.
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


BUMP_WITH_LOCK = """
CREATE OR REPLACE FUNCTION kiraad_dataversion_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock('kiraad_dataversion'::regclass::oid::bigint);
    INSERT INTO kiraad_dataversion (name, version)
    VALUES (TG_TABLE_NAME, nextval('kiraad_dataversion_seq'))
    ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END
$$;
"""

BUMP_WITHOUT_LOCK = """
CREATE OR REPLACE FUNCTION kiraad_dataversion_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO kiraad_dataversion (name, version)
    VALUES (TG_TABLE_NAME, nextval('kiraad_dataversion_seq'))
    ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("kiraad", "0003_data_version_triggers"),
    ]

    operations = [
        RunSQLOnPostgres(sql=BUMP_WITH_LOCK, reverse_sql=BUMP_WITHOUT_LOCK),
    ]
