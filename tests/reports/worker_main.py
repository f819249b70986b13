"""A real Celery worker in its own process, for the worker-killed fault test.

With SLOW_RENDER=<path> the worker writes <path> once it has claimed a report and built its
HTML, then stalls, so the test can SIGKILL it in the middle of rendering.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import django

django.setup()

from kiraad.project.celery import app  # noqa: E402
from kiraad.reports import builder  # noqa: E402

if marker := os.environ.get("SLOW_RENDER"):
    original = builder.build_html

    def stalled_build_html(report):
        html = original(report)
        Path(marker).write_text(str(report.pk))
        time.sleep(300)
        return html

    builder.build_html = stalled_build_html

import kiraad.tasks  # noqa: E402, F401  (registers the report tasks)

app.conf.update(task_always_eager=False)
app.worker_main(
    [
        "worker",
        "--pool=solo",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
        "--loglevel=WARNING",
        f"--queues={os.environ['WORKER_QUEUE']}",
    ]
)
