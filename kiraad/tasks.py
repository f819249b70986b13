"""Celery tasks of the council core: one-line wrappers around services."""

from celery import shared_task

# The status reports' and the meetings' tasks live in sub-packages that Celery's autodiscovery
# does not visit.
from kiraad.meetings import tasks as _meeting_tasks  # noqa: F401
from kiraad.reports import tasks as _report_tasks  # noqa: F401


@shared_task
def ping() -> str:
    """A round trip through the broker and a worker, used by the health tests."""
    return "pong"


@shared_task
def prune_form_keys() -> int:
    """Forget the create forms' one-time keys older than two days (kiraad.idempotency)."""
    from kiraad import idempotency

    return idempotency.keys_prune()
