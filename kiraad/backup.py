"""Backup and restore with pg_dump / pg_restore (not dumpdata: that is no backup)."""

import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections


class BackupError(Exception):
    """The database is not PostgreSQL, or a pg_* tool failed."""


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return path


def backup(*, target: Path, alias: str = "default") -> Path:
    """Write `<target>/database.dump` (pg_dump custom format) and `<target>/media.tar.gz`."""
    db = connections[alias].settings_dict
    if connections[alias].vendor != "postgresql":
        raise BackupError("Backups need PostgreSQL; SQLite is for development only.")
    target.mkdir(parents=True, exist_ok=True)
    dump = target / "database.dump"
    subprocess.run(
        [
            _tool("pg_dump"),
            *_pg_args(db),
            "--format=custom",
            "--no-owner",
            "--file",
            str(dump),
            db["NAME"],
        ],
        env=_pg_env(db),
        check=True,
    )
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(target / "media.tar.gz", "w:gz") as archive:
        if media.is_dir():
            archive.add(media, arcname="media")
    return dump


def restore(*, source: Path, database: str, alias: str = "default") -> None:
    """Restore `<source>/database.dump` into `database` (which must exist and be empty)."""
    db = connections[alias].settings_dict
    subprocess.run(
        [
            _tool("pg_restore"),
            *_pg_args(db),
            "--no-owner",
            "--exit-on-error",
            "--dbname",
            database,
            str(source / "database.dump"),
        ],
        env=_pg_env(db),
        check=True,
    )
