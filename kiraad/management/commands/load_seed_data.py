from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from kiraad import registry


class Command(BaseCommand):
    help = "Load the real data from the seeds (fixtures/seed/). Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.BASE_DIR / "fixtures" / "seed",
            help="Folder with the seed JSON files.",
        )

    def handle(self, *args, data_dir: Path, **options):
        with transaction.atomic():
            for loader in registry.seed_loaders:
                self.stdout.write(f"{loader.name}:")
                loader.provider(data_dir=data_dir, log=lambda line: self.stdout.write(f"  {line}"))
        self.stdout.write(self.style.SUCCESS("Seed data loaded."))
