"""Celery tasks for status reports (acks late; the services are idempotent)."""

from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_report(report_id: int) -> None:
    from kiraad.reports.services import report_render

    report_render(report_id)


@shared_task(acks_late=True)
def sweep_reports() -> None:
    from kiraad.reports.services import report_sweep_stale

    report_sweep_stale()
