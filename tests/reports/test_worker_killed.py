"""Fault: a Celery worker SIGKILLed while rendering a report (issue 9, fault 3).

Real PostgreSQL, real Redis, real worker processes. The report still ends «done» exactly once,
with the same checksum as an undisturbed rendering: acks_late, an idempotent task and the
sweeper for stale «rendering» reports.
"""

import datetime
import hashlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from kiraad.models import StatusReport
from kiraad.project.celery import app
from kiraad.reports import services
from kiraad.reports.builder import build_html
from kiraad.reports.pdf import render_pdf
from tests.reports.conftest import PERIOD, at

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not BROKER.startswith("redis"), reason="no Redis broker configured"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def use_broker(url: str) -> None:
    """Point the app at `url`, dropping pooled connections to the previous broker."""
    app.conf.update(broker_url=url)
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def queue() -> str:
    """A queue of this test's own, so parallel runs never take each other's messages."""
    return f"reports-fault-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def broker(settings, queue):
    keys = (
        "task_always_eager",
        "broker_url",
        "task_default_queue",
        "task_routes",
    )
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False,
        task_default_queue=queue,
        task_routes={"kiraad.reports.tasks.*": {"queue": queue}},
    )
    use_broker(BROKER)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)
    try:
        yield
    finally:
        app.conf.update(previous)
        use_broker(previous["broker_url"])


@pytest.fixture
def start_worker(media, tmp_path, queue):
    started: list[subprocess.Popen] = []
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kiraad.project.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": BROKER,
        "MEDIA_ROOT": str(media),
        "WORKER_QUEUE": queue,
    }

    def start(**extra) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("worker_main.py"))],
            env={**env, **extra},
            stdout=subprocess.DEVNULL,
            stderr=(tmp_path / f"worker-{len(started)}.log").open("w"),
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.mark.slow
def test_worker_killed_mid_render_still_ends_done_once_with_the_same_checksum(
    cast, world, broker, start_worker, tmp_path
):
    marker = tmp_path / "rendering"
    doomed = start_worker(SLOW_RENDER=str(marker))

    report = services.report_order(
        by=cast["secretariat"], period_start=PERIOD[0], period_end=PERIOD[1], as_of=at(20)
    )
    wait_for(marker.exists, timeout=60, what="the worker to start rendering")
    report.refresh_from_db()
    assert report.state == StatusReport.State.RENDERING
    doomed.send_signal(signal.SIGKILL)
    doomed.wait(timeout=10)

    # The report is stuck in «rendering»; once past the timeout the sweeper sends it again.
    assert services.report_sweep_stale(now=timezone.now()) == []
    start_worker()
    # Let the clock pass the render timeout (the claim and the sweeper both read it).
    StatusReport.objects.filter(pk=report.pk).update(
        started_at=timezone.now() - services._render_timeout() - datetime.timedelta(seconds=1)
    )
    assert services.report_sweep_stale(now=timezone.now()) == [report.pk]

    def finished():
        report.refresh_from_db()
        return report.state == StatusReport.State.DONE

    wait_for(finished, timeout=90, what="the second worker to finish the report")
    assert report.attempts == 2
    expected = hashlib.sha256(render_pdf(build_html(report), as_of=report.as_of)).hexdigest()
    assert report.checksum == expected
    assert report.history.filter(state=StatusReport.State.DONE).count() == 1
    # A late redelivery of the first message (acks_late) changes nothing.
    assert services.report_render(report_id=report.pk).checksum == expected
    assert report.history.filter(state=StatusReport.State.DONE).count() == 1


@pytest.mark.slow
def test_broker_down_the_order_answers_at_once_and_the_sweeper_delivers_it_later(
    cast, world, broker, start_worker
):
    """Fault 4: the queued row is the outbox; the beat sweeper sends it when the broker is back."""
    use_broker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    started = time.perf_counter()
    report = services.report_order(
        by=cast["secretariat"], period_start=PERIOD[0], period_end=PERIOD[1], as_of=at(20)
    )
    assert time.perf_counter() - started < 2
    report.refresh_from_db()
    assert report.state == StatusReport.State.QUEUED

    use_broker(BROKER)  # the broker is back
    start_worker()
    assert services.report_sweep_stale(now=timezone.now()) == []  # not yet two minutes
    StatusReport.objects.filter(pk=report.pk).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    assert services.report_sweep_stale(now=timezone.now()) == [report.pk]

    def finished():
        report.refresh_from_db()
        return report.state == StatusReport.State.DONE

    wait_for(finished, timeout=90, what="the worker to render the swept report")
    assert report.attempts == 1
