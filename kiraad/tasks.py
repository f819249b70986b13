"""Celery tasks of the council core: one-line wrappers around services."""

from celery import shared_task


@shared_task
def ping() -> str:
    """A round trip through the broker and a worker, used by the health tests."""
    return "pong"
