"""Celery tasks of the council core: one-line wrappers around services."""

from celery import shared_task

from kiraad.reports.tasks import render_report, sweep_reports  # noqa: F401  (autodiscovery)


@shared_task
def ping() -> str:
    """A round trip through the broker and a worker, used by the health tests."""
    return "pong"


@shared_task(acks_late=True)
def meeting_notify_published(meeting_id: int) -> int:
    from kiraad.meeting_services import meeting_notify_published as notify

    return notify(meeting_id=meeting_id)
