from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kiraad import registry
from kiraad.demo import DemoDataRefused


class Command(BaseCommand):
    help = (
        "Load the demo users and demo records around today (never in production: needs DEBUG "
        "or ALLOW_DEMO_DATA). Safe to run again: what exists is kept with its dates, what is "
        "missing is created around the day it runs (fixtures/README.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", type=Path, default=settings.BASE_DIR / "fixtures" / "demo"
        )

    def handle(self, *args, data_dir: Path, **options):
        try:
            with transaction.atomic():
                for loader in registry.demo_loaders:
                    self.stdout.write(f"{loader.name}:")
                    loader.provider(
                        data_dir=data_dir, log=lambda line: self.stdout.write(f"  {line}")
                    )
        except DemoDataRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data loaded. Demo users log in with password from DEMO_PASSWORD."
            )
        )
