"""A large synthetic data set for benchmarks: `--scale 1` is about the real volume, 10 is ten times.

Rows are bulk-created with their history (django-simple-history's bulk helper), each history row
dated at the row's own synthetic time, so that reports as of an earlier date find what existed
then. Every synthetic row is marked «[Bench]» so it is never mistaken for real data. Never run
against production.
"""

import datetime
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from guidance.models import GuidanceRequest
from kiraad.models import Agency, Body, Meeting, User
from measures.models import Measure, MeasureOwner, Plan, StatusUpdate
from network.models import AIDeployment, Escalation, EscalationCategory, Network

# Volumes at scale 1 (the issue: ten times is 10,000 measures, 200,000 status updates, …).
PER_SCALE = {
    "measures": 1000,
    "updates_per_measure": 20,
    "requests": 500,
    "meetings": 50,
    "escalations": 200,
    "deployments": 200,
}
BATCH = 5000
REASON = "bench data (generate_bench_data)"


def _dated(rows: list, when) -> list:
    """Give each unsaved row the time its history row is to carry (`when(row)`)."""
    for row in rows:
        row._history_date = when(row)
    return rows


def _create(model, rows: list) -> list:
    return bulk_create_with_history(rows, model, batch_size=BATCH, default_change_reason=REASON)


STATUSES = ["not_started", "in_progress", "completed", "paused"]
HEALTHS = ["on_track", "at_risk", "off_track"]


class Command(BaseCommand):
    help = "Generate synthetic data for benchmarks (needs the seed data; never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, scale: int, seed: int, **options):
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Bench data is only generated with DEBUG or ALLOW_DEMO_DATA set.")
        if not Agency.objects.filter(code="HDIR").exists():
            raise CommandError("Load the seed data first: python manage.py load_seed_data")
        rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
        with transaction.atomic():
            self._measures(rng, scale)
            self._requests(rng, scale)
            self._meetings(scale)
            self._network(rng, scale)
        self.stdout.write(self.style.SUCCESS(f"Bench data at scale {scale} generated."))

    def _measures(self, rng, scale):
        agencies = list(Agency.objects.filter(dissolved_on__isnull=True, kind__in=[
            "directorate", "supervisory_authority", "institute", "regional_health_authority",
        ]))  # fmt: skip
        plan, _created = Plan.objects.get_or_create(
            key=f"BENCH{scale}",
            defaults={"title": f"[Bench] Syntetisk plan ×{scale}", "year": 2026},
        )
        total = PER_SCALE["measures"] * scale
        existing = Measure.objects.filter(plan=plan).count()
        measures = [
            Measure(
                plan=plan,
                number=f"B{scale}-{n:05d}",
                order=n,
                priority=rng.choice([1, 2, 3]),
                area=rng.choice(["Regelverk", "Veiledning", "Kompetanse", "Finansiering"]),
                kind=rng.choice(["tiltak", "utredning"]),
                title=f"[Bench] Tiltak {n}",
                description="Syntetisk tiltak for ytelsesmåling.",
            )
            for n in range(existing, total)
        ]
        start = timezone.now() - datetime.timedelta(days=800)
        # The measures exist, with their owners, a day before their first status update.
        created = start - datetime.timedelta(days=1)
        _create(Measure, _dated(measures, lambda _m: created))
        new = list(Measure.objects.filter(plan=plan, pk__gt=0).order_by("pk")[existing:])
        owner_of = {m.pk: rng.choice(agencies) for m in new}
        _create(
            MeasureOwner,
            _dated(
                [MeasureOwner(measure=m, agency=owner_of[m.pk], is_lead=True) for m in new],
                lambda _o: created,
            ),
        )
        author = User.objects.filter(is_superuser=True).first() or User.objects.first()
        updates = []
        for measure in new:
            for k in range(PER_SCALE["updates_per_measure"]):
                updates.append(
                    StatusUpdate(
                        measure=measure,
                        author=author,
                        agency=owner_of[measure.pk],
                        created_at=start + datetime.timedelta(days=40 * k, minutes=measure.pk),
                        status=rng.choice(STATUSES),
                        progress=min(100, 5 * k),
                        health=rng.choice(HEALTHS),
                        done="[Bench] Arbeid utført.",
                    )
                )
            if len(updates) >= BATCH:
                StatusUpdate.objects.bulk_create(updates, batch_size=BATCH)
                updates = []
        StatusUpdate.objects.bulk_create(updates, batch_size=BATCH)
        self._point_measures_at_their_latest_update(plan)
        self.stdout.write(f"measures: {total}, status updates: {StatusUpdate.objects.count()}")

    def _point_measures_at_their_latest_update(self, plan):
        latest = {}
        for update in (
            StatusUpdate.objects.filter(measure__plan=plan)
            .order_by("measure_id", "created_at", "pk")
            .only("pk", "measure_id", "status", "progress", "health")
            .iterator(chunk_size=BATCH)
        ):
            latest[update.measure_id] = update
        measures = list(Measure.objects.filter(plan=plan).only("pk"))
        for measure in measures:
            update = latest[measure.pk]
            measure.latest_update_id = update.pk
            measure.status, measure.progress, measure.health = (
                update.status,
                update.progress,
                update.health,
            )
        Measure.objects.bulk_update(
            measures, ["latest_update", "status", "progress", "health"], batch_size=BATCH
        )

    def _requests(self, rng, scale):
        total = PER_SCALE["requests"] * scale
        existing = GuidanceRequest.objects.filter(title__startswith="[Bench]").count()
        now = timezone.now()
        _create(
            GuidanceRequest,
            _dated(
                [
                    GuidanceRequest(
                        reference=f"VL-BENCH{scale}-{n:05d}",
                        requester_name="[Bench] Syntetisk",
                        requester_email=f"bench{n}@example.invalid",
                        organisation="[Bench] Organisasjon",
                        org_kind="health_trust",
                        title=f"[Bench] Spørsmål {n}",
                        question="Syntetisk spørsmål.",
                        phase="development",
                        consent=True,
                        received_at=now - datetime.timedelta(hours=n),
                    )
                    for n in range(existing, total)
                ],
                lambda r: r.received_at,
            ),
        )
        self.stdout.write(f"guidance requests: {total}")

    def _meetings(self, scale):
        body = Body.objects.get(key="ki-radet")
        total = PER_SCALE["meetings"] * scale
        existing = Meeting.objects.filter(title__startswith="[Bench]").count()
        start = timezone.now() - datetime.timedelta(days=3650)
        _create(
            Meeting,
            _dated(
                [
                    Meeting(
                        body=body,
                        title=f"[Bench] Møte {n}",
                        number=f"Bench {n}",
                        starts_at=start + datetime.timedelta(days=7 * n),
                        status=Meeting.Status.HELD,
                    )
                    for n in range(existing, total)
                ],
                lambda m: m.starts_at + datetime.timedelta(hours=3),
            ),
        )
        self.stdout.write(f"meetings: {total}")

    def _network(self, rng, scale):
        network = Network.objects.first()
        category = EscalationCategory.objects.first()
        user = User.objects.filter(is_superuser=True).first() or User.objects.first()
        total = PER_SCALE["escalations"] * scale
        existing = Escalation.objects.filter(title__startswith="[Bench]").count()
        escalations = []
        now = timezone.now()
        for n in range(existing, total):
            priority = rng.randint(1, 3)
            escalations.append(
                Escalation(
                    network=network,
                    raised_by=user,
                    title=f"[Bench] Eskalering {n}",
                    description="Syntetisk.",
                    category=category,
                    severity=rng.randint(1, 5),
                    resources=rng.randint(1, 5),
                    benefit=rng.randint(1, 5),
                    computed_priority=priority,
                    priority=priority,
                    raised_at=now - datetime.timedelta(days=n % 700),
                )
            )
        _create(Escalation, _dated(escalations, lambda e: e.raised_at))
        total_dep = PER_SCALE["deployments"] * scale
        existing_dep = AIDeployment.objects.filter(system__startswith="[Bench]").count()
        _create(
            AIDeployment,
            _dated(
                [
                    AIDeployment(
                        system=f"[Bench] System {n}",
                        health_trust="[Bench] Helseforetak",
                        region=rng.choice([c for c, _ in AIDeployment.Region.choices]),
                        clinical_area=rng.choice([c for c, _ in AIDeployment.ClinicalArea.choices]),
                        intended_use="Syntetisk.",
                        phase=rng.choice([c for c, _ in AIDeployment.Phase.choices]),
                        reported_by=user,
                        publication=AIDeployment.Publication.PUBLISHED,
                        public_changed_at=now,
                    )
                    for n in range(existing_dep, total_dep)
                ],
                lambda d: now - datetime.timedelta(days=int(d.system.rsplit(" ", 1)[1]) % 700),
            ),
        )
        self.stdout.write(f"escalations: {total}, deployments: {total_dep}")
