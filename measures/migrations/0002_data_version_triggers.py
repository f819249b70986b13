"""Data-version triggers on every table the measures list shows (kiraad/page_cache.py and
kiraad/migrations/0003_data_version_triggers.py), on PostgreSQL only."""

from django.db import migrations


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
        ("kiraad", "0003_data_version_triggers"),
        ("measures", "0001_measures_plans_owners_updates"),
    ]

    operations = [
        watch("measures_plan"),
        watch("measures_measure"),
        watch("measures_measureowner"),
        watch("measures_statusupdate"),
    ]
