"""Writes for status reports: order, render (idempotent), retry, sweep stale."""

import hashlib
import logging
from datetime import date, datetime, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kiraad.models import StatusReport, User
from kiraad.services import ServiceError, save_with_reason

logger = logging.getLogger(__name__)

QUEUED_GRACE = timedelta(minutes=5)
RENDER_TIMEOUT = timedelta(minutes=15)


def _enqueue(report_id: int) -> None:
    """Send the render task; a broker error is logged and the row stays queued for the sweeper."""
    from kiraad.reports.tasks import render_report

    try:
        render_report.apply_async(args=[report_id], retry=False)
    except Exception:
        logger.exception("could not enqueue report %s; the sweeper will retry", report_id)


@transaction.atomic
def report_order(
    *,
    by: User,
    title: str,
    period_start: date,
    period_end: date,
    as_of: datetime,
    commissions=(),
) -> StatusReport:
    """Create a queued report and enqueue its rendering after commit."""
    if as_of > timezone.now():
        raise ServiceError("The as-of date cannot be in the future.")
    report = StatusReport(
        title=title,
        period_start=period_start,
        period_end=period_end,
        as_of=as_of,
        requested_by=by,
    )
    save_with_reason(report, by=by, reason="Ordered")
    if commissions:
        report.commissions.set(list(commissions))
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def _claim(report_id: int, now: datetime) -> StatusReport | None:
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None:
            return None
        stale = (
            report.state == StatusReport.State.RENDERING
            and report.started_at is not None
            and report.started_at < now - RENDER_TIMEOUT
        )
        if report.state != StatusReport.State.QUEUED and not stale:
            return None
        report.state = StatusReport.State.RENDERING
        report.attempts += 1
        report.started_at = now
        report.error = ""
        save_with_reason(report, by=None, reason="Rendering started")
        return report


def pdf_name(report: StatusReport) -> str:
    """Deterministic storage name for a report's PDF."""
    return f"statusrapport-{report.pk}-{report.as_of:%Y%m%d}.pdf"


def report_render(report_id: int) -> StatusReport | None:
    """Claim, build, render and store the report; idempotent (done reports are left alone)."""
    from kiraad.reports.builder import build_html
    from kiraad.reports.render import render_pdf

    report = _claim(report_id, timezone.now())
    if report is None:
        return None
    try:
        html = build_html(report)
        data = render_pdf(html, as_of=report.as_of, title=report.title)
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        with transaction.atomic():
            report.state = StatusReport.State.FAILED
            report.error = f"{type(exc).__name__}: {exc}"[:2000]
            report.finished_at = timezone.now()
            save_with_reason(report, by=None, reason="Rendering failed")
        return report
    with transaction.atomic():
        if report.pdf:
            report.pdf.delete(save=False)
        report.pdf.save(pdf_name(report), ContentFile(data), save=False)
        report.checksum = hashlib.sha256(data).hexdigest()
        report.state = StatusReport.State.DONE
        report.finished_at = timezone.now()
        save_with_reason(report, by=None, reason="Rendered")
    return report


@transaction.atomic
def report_retry(*, by: User, report: StatusReport) -> StatusReport:
    """Put a failed report back in the queue."""
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if report.state != StatusReport.State.FAILED:
        raise ServiceError("Only a failed report can be retried.")
    report.state = StatusReport.State.QUEUED
    report.error = ""
    save_with_reason(report, by=by, reason="Retry")
    transaction.on_commit(lambda: _enqueue(report.pk))
    return report


def report_sweep_stale(now: datetime | None = None) -> list[int]:
    """Re-enqueue reports never picked up and reports whose worker died; safe to repeat."""
    now = now or timezone.now()
    queued = StatusReport.objects.filter(
        state=StatusReport.State.QUEUED, requested_at__lt=now - QUEUED_GRACE
    )
    stale = StatusReport.objects.filter(
        state=StatusReport.State.RENDERING, started_at__lt=now - RENDER_TIMEOUT
    )
    ids = sorted(set(queued.values_list("pk", flat=True)) | set(stale.values_list("pk", flat=True)))
    for pk in ids:
        _enqueue(pk)
    return ids
