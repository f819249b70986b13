"""Backup and restore drill: dump, restore into a fresh database, compare table by table."""

import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import ActionItemFactory, MembershipFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="backup and restore need PostgreSQL"
    ),
]

CHECKSUM_SQL = (
    "SELECT count(*), coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') "
    'FROM "{table}" t'
)


def _fingerprint(conn) -> dict[str, tuple[int, str]]:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(CHECKSUM_SQL.format(table=table))
            result[table] = tuple(cursor.fetchone())
    return result


def _admin_url(db_settings: dict, name: str) -> str:
    host = db_settings.get("HOST") or "127.0.0.1"
    port = db_settings.get("PORT") or 5432
    user = db_settings.get("USER") or "postgres"
    password = f":{db_settings['PASSWORD']}" if db_settings.get("PASSWORD") else ""
    return f"postgresql://{user}{password}@{host}:{port}/{name}"


def test_a_backup_restores_into_a_fresh_database_with_identical_tables(tmp_path, cast):
    MembershipFactory.create_batch(3)
    ActionItemFactory.create_batch(5, description="Oppfølging med æøå")
    call_command("backup", target=tmp_path, verbosity=0)
    assert (tmp_path / "database.dump").stat().st_size > 0
    assert (tmp_path / "media.tar.gz").exists()

    db_settings = connection.settings_dict
    fresh = f"restore_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_admin_url(db_settings, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        call_command("restore", str(tmp_path), database=fresh, verbosity=0)
        original = _fingerprint(connection)
        with psycopg.connect(_admin_url(db_settings, fresh)) as restored_conn:
            restored = _fingerprint(restored_conn)
        assert restored == original
        assert original["kiraad_actionitem"][0] == 5
    finally:
        with psycopg.connect(_admin_url(db_settings, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
