from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kiraad.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format) and the uploaded files (media)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--target", type=Path, help="Folder to write to (default: backups/<time>)."
        )

    def handle(self, *args, target: Path | None, **options):
        target = target or Path("backups") / timezone.now().strftime("%Y%m%dT%H%M%S")
        try:
            dump = backup(target=target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Backup written: {dump} and {target / 'media.tar.gz'}")
        )
