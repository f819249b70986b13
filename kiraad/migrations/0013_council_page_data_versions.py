"""Data-version triggers on every table the council page's cached sections are drawn from
(kiraad/council_page.py; the counters and their lock: 0003 and 0004), on PostgreSQL only."""

from django.db import migrations

TABLES = (
    "kiraad_body",
    "kiraad_body_sources",
    "kiraad_source",
    "kiraad_mandate",
    "kiraad_membership",
    "kiraad_representative",
    "kiraad_user",
    "kiraad_historicalmandate",
    "kiraad_historicalmembership",
)


class RunSQLOnPostgres(migrations.RunSQL):
    """The page cache is off on SQLite, which gets no triggers."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def watch(table: str) -> RunSQLOnPostgres:
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
        ("kiraad", "0012_mandate_quorum"),
    ]

    operations = [watch(table) for table in TABLES]
