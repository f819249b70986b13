"""Data-version triggers on the meeting tables (PostgreSQL only; the counters and their lock:
0003 and 0004). The meeting page's reads and the agenda and minutes PDFs are cached under them
(kiraad/meetings/cache.py), so any write, even raw SQL, shows at once."""

from django.db import migrations

TABLES = (
    "kiraad_meeting",
    "kiraad_agendaitem",
    "kiraad_attendance",
    "kiraad_actionitem",
    "kiraad_meetingdocument",
    "kiraad_minutesversion",
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
        ("kiraad", "0015_field_labels"),
    ]

    operations = [watch(table) for table in TABLES]
