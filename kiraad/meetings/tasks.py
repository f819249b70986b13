"""Celery tasks of the meetings: one-line wrappers around services.

Celery's autodiscovery visits kiraad/tasks.py only, which imports this module. The task keeps the
name it had before the move, so messages already queued still find it.
"""

from celery import shared_task


@shared_task(name="kiraad.tasks.meeting_notify_published", acks_late=True)
def meeting_notify_published(meeting_id: int) -> int:
    from kiraad.meetings.services import meeting_notify_published as notify

    return notify(meeting_id=meeting_id)
