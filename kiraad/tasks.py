"""Celery tasks of the council core: one-line wrappers around services."""

from celery import shared_task

# The status reports' tasks live in a sub-package that Celery's autodiscovery does not visit.
from kiraad.reports import tasks as _report_tasks  # noqa: F401


@shared_task
def ping() -> str:
    """A round trip through the broker and a worker, used by the health tests."""
    return "pong"


@shared_task(acks_late=True)
def meeting_notify_published(meeting_id: int) -> int:
    from kiraad.meeting_services import meeting_notify_published as notify

    return notify(meeting_id=meeting_id)
