"""Time one HOD status report in the worker path: N generated measures × M status updates.

    createdb -h 127.0.0.1 -U postgres kiraad_report_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kiraad_report_bench
    python manage.py migrate && python manage.py load_seed_data
    python bench/report_bench.py --measures 500 --updates 20      # seed + 500 × 20

Generated rows are clearly fictional (plan «BENCH»), created once and reused. Prints the render
time, its CPU time, the machine's load when it started, the process's max RSS (peak memory),
pages and PDF size, and appends the row to bench/report_results.md. Rendering is timed
in-process through the same service the Celery task calls (`report_render`), so the number is
the worker's time. The machine is shared: a render time far above its CPU time, or a load above
1, means other work competed for the cores.

The first render after new measures are generated also lists every one of them under «changes
since the previous report», so it has more pages than the renders after it.

    python bench/report_bench.py --measures 3180 --profile /tmp/report.prof   # cProfile

With --profile the render runs under cProfile (about twice as slow), the statistics go to the
file and the 30 costliest functions to stdout, and no row is recorded.
"""

import argparse
import cProfile
import datetime
import io
import os
import pstats
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiraad.project.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from simple_history.utils import bulk_create_with_history  # noqa: E402

from kiraad.models import Agency, StatusReport, User  # noqa: E402
from kiraad.reports import services  # noqa: E402
from measures.models import Health, Measure, MeasureOwner, Plan, Status, StatusUpdate  # noqa: E402

STATUSES = [Status.IN_PROGRESS, Status.NOT_STARTED, Status.COMPLETED]
HEALTHS = [Health.ON_TRACK, Health.AT_RISK, Health.OFF_TRACK]


@transaction.atomic
def generate(measures: int, updates: int) -> None:
    plan, _created = Plan.objects.get_or_create(
        key="bench", defaults={"title": "BENCH – fiktiv plan for ytelsesmåling", "year": 2026}
    )
    have = Measure.objects.filter(plan=plan).count()
    if have >= measures:
        return
    agency = Agency.objects.order_by("code").first() or Agency.objects.create(
        code="BENCH", name="Fiktiv etat", kind="directorate"
    )
    start = timezone.now() - datetime.timedelta(days=400)
    new = [
        Measure(
            plan=plan,
            number=f"B-{n:05d}",
            order=n % 30000,
            priority=1 + n % 3,
            area="Fiktivt område",
            kind=Measure.Kind.TILTAK,
            title=f"Fiktivt tiltak {n} for ytelsesmåling",
            description="Generert for benchmark.",
        )
        for n in range(have, measures)
    ]
    created = bulk_create_with_history(new, Measure, batch_size=1000)
    created = list(Measure.objects.filter(plan=plan, number__in=[m.number for m in new]))
    bulk_create_with_history(
        [MeasureOwner(measure=m, agency=agency, is_lead=True) for m in created],
        MeasureOwner,
        batch_size=1000,
    )
    rows = []
    for index, measure in enumerate(created):
        for k in range(updates):
            rows.append(
                StatusUpdate(
                    measure=measure,
                    agency=agency,
                    created_at=start + datetime.timedelta(days=k * 15, minutes=index),
                    status=STATUSES[(index + k) % 3],
                    progress=min(100, k * 5),
                    health=HEALTHS[(index * 7 + k) % 3],
                    done=f"Oppdatering {k} på fiktivt tiltak {index}: arbeidet går videre.",
                )
            )
    StatusUpdate.objects.bulk_create(rows, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=500)
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--profile", metavar="FILE", help="cProfile the render; record no row")
    args = parser.parse_args()

    generate(args.measures, args.updates)
    # A report's as_of is cut to the whole second: one taken in the second the measures were
    # generated would read history from before them, and report none of them.
    time.sleep(1)
    user = User.objects.filter(is_superuser=True).first()
    if user is None:
        user, _created = User.objects.get_or_create(username="bench-report")
    total_measures = Measure.objects.count()
    total_updates = StatusUpdate.objects.count()
    today = timezone.localdate()
    for _run in range(args.runs):
        report = StatusReport.objects.create(
            title="Benchmark",
            period_start=today - datetime.timedelta(days=365),
            period_end=today,
            as_of=timezone.now().replace(microsecond=0),
            requested_by=user,
        )
        load = os.getloadavg()[0]
        profiler = cProfile.Profile() if args.profile else None
        started, cpu_started = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        report = services.report_render(report_id=report.pk)
        if profiler:
            profiler.disable()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        if report.state != StatusReport.State.DONE:
            raise SystemExit(f"report failed: {report.error}")
        with report.pdf.open("rb") as handle:
            data = handle.read()
        import pypdf

        pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        row = (
            f"| {timezone.now():%Y-%m-%d %H:%M} | {total_measures} | {total_updates} | {pages} "
            f"| {elapsed:.1f} s | {cpu:.1f} s | {load:.1f} | {rss:.0f} MiB "
            f"| {len(data) / 2**20:.1f} MiB |"
        )
        sys.stdout.write(row + "\n")
        if profiler:
            profiler.dump_stats(args.profile)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
            continue
        results = ROOT / "bench" / "report_results.md"
        if not results.exists():
            results.write_text(
                "# HOD status report: render time in the worker path\n\n"
                "`python bench/report_bench.py --measures 500 --updates 20` "
                "(see the script's docstring).\n\n"
                "| when | measures | status updates | pages | render | CPU | load "
                "| max RSS | PDF |\n"
                "|---|---|---|---|---|---|---|---|---|\n"
            )
        with results.open("a") as handle:
            handle.write(row + "\n")


if __name__ == "__main__":
    main()
