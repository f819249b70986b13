"""A task sent through the real broker (Redis) to a real Celery worker, and its result back."""

import os
import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from kiraad.project.celery import app
from kiraad.tasks import ping

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not BROKER.startswith("redis"), reason="no Redis broker configured"),
]


@pytest.fixture
def real_worker():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url", "result_backend")}
    app.conf.update(task_always_eager=False, broker_url=BROKER, result_backend=BROKER)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
        ):
            yield queue
    finally:
        app.conf.update(previous)


def test_task_round_trip_through_redis_and_a_real_worker(real_worker):
    result = ping.apply_async(queue=real_worker)
    assert result.get(timeout=20) == "pong"
    assert result.successful()
