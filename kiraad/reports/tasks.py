"""Background work of the status reports: one-line wrappers around services.

acks_late with reject-on-worker-lost: a worker killed mid-render leaves the message to be
delivered again; the render service is idempotent and the sweeper catches what is left.
"""

from celery import shared_task

from kiraad.reports import services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def render_report(report_id: int) -> str:
    return services.report_render(report_id=report_id).state


@shared_task(acks_late=True)
def sweep_reports() -> list[int]:
    return services.report_sweep_stale()
