"""Celery tasks of the council core: one-line wrappers around services."""

from celery import shared_task


@shared_task
def meeting_notify_published(meeting_id: int) -> int:
    from kiraad.meeting_services import meeting_notify_published as notify

    return notify(meeting_id=meeting_id)
