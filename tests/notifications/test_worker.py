"""Through the real broker (Redis) and a real Celery worker: a notification written in a
committed transaction reaches the SMTP server once, however often its task is delivered."""

import os
import time
import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from kiraad.access import Role
from kiraad.notifications import notify
from kiraad.project.celery import app
from notifications import tasks
from notifications.models import Notification

BROKER = os.environ.get("CELERY_BROKER_URL", "")

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not BROKER.startswith("redis"), reason="no Redis broker configured"),
]


@pytest.fixture
def real_worker():
    queue = f"test-{uuid.uuid4().hex[:8]}"
    keys = ("task_always_eager", "broker_url", "result_backend", "task_default_queue")
    previous = {key: app.conf[key] for key in keys}
    app.conf.update(
        task_always_eager=False, broker_url=BROKER, result_backend=BROKER, task_default_queue=queue
    )
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10
        ):
            yield queue
    finally:
        app.conf.update(previous)


def wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_sends_each_notification_once(smtp, cast, real_worker):
    notify(kind="escalation_new", recipients=[Role.SECRETARIAT], context={"title": "Ekte"})
    row = Notification.objects.get()
    assert wait_for(lambda: len(smtp.messages) == 1)
    # The same task delivered again (a redelivery, the sweeper) sends nothing more.
    results = [tasks.send_notification.apply_async((row.pk,)) for _ in range(3)]
    assert [r.get(timeout=20) for r in results] == ["not queued"] * 3
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["Subject"] == "Ny eskalering: Ekte"
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Notification.Status.SENT, 1)
