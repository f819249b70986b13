from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kiraad.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database "
        "(createdb NAME first), then point DATABASE_URL at it. Unpack media.tar.gz into MEDIA_ROOT."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path)
        parser.add_argument("--database", required=True, help="Name of the empty database.")

    def handle(self, *args, source: Path, database: str, **options):
        try:
            restore(source=source, database=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Restored {source} into {database}."))
