"""Writes for status reports: order, render (idempotent, in the worker), retry and sweep.

The request that orders a report only writes a «queued» row and, after commit, tries to hand
the render task to the broker. If the broker is down the row simply stays queued: the row is
the outbox, and `report_sweep_stale` (run every minute by Celery beat) sends it again.
"""

import datetime
import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kiraad.models import Commission, StatusReport, User
from kiraad.reports import reasons
from kiraad.services import ServiceError, save_with_reason

logger = logging.getLogger(__name__)

State = StatusReport.State
# History reason stored in English, translated when shown (kiraad.history.reason_display).
QUEUED_RESEND_AFTER = datetime.timedelta(minutes=2)


def _render_timeout() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.REPORT_RENDER_TIMEOUT_SECONDS)


def report_as_of(as_of: datetime.date | datetime.datetime) -> datetime.datetime:
    """The moment a report describes: the end of the chosen day, but never later than now,
    so that everything the report reads is already history when it is ordered."""
    if isinstance(as_of, datetime.datetime):
        moment = as_of
    else:
        moment = datetime.datetime.combine(
            as_of, datetime.time(23, 59, 59), tzinfo=timezone.get_current_timezone()
        )
    return min(moment, timezone.now()).replace(microsecond=0)


def enqueue_render(report_id: int) -> bool:
    """Hand the render task to the broker; on any broker error log it and leave the row queued.

    `retry=False`: a broker that is down must not keep the request waiting.
    """
    from kiraad.reports import tasks

    try:
        tasks.render_report.apply_async(args=(report_id,), retry=False)
    except Exception:
        logger.exception(
            "could not enqueue rendering of status report %s; the sweeper will", report_id
        )
        return False
    return True


def _default_title(start: datetime.date, end: datetime.date) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Status report to HOD %(start)s–%(end)s") % {
            "start": f"{start:%d.%m.%Y}",
            "end": f"{end:%d.%m.%Y}",
        }


@transaction.atomic
def report_order(
    *,
    by: User,
    period_start: datetime.date,
    period_end: datetime.date,
    as_of: datetime.date | datetime.datetime,
    commissions: Iterable[Commission] | None = None,
    title: str = "",
) -> StatusReport:
    """Order a status report to HOD; it is rendered in the worker."""
    if period_end < period_start:
        raise ServiceError(_("The period must end on or after its start."))
    moment = report_as_of(as_of)
    if commissions is None:
        commissions = Commission.objects.filter(
            year__gte=period_start.year, year__lte=period_end.year
        )
    report = StatusReport(
        title=title or _default_title(period_start, period_end),
        period_start=period_start,
        period_end=period_end,
        as_of=moment,
        state=State.QUEUED,
        requested_by=by,
    )
    save_with_reason(report, by=by, reason=reasons.ORDERED())
    report.commissions.set(list(commissions))
    pk = report.pk
    transaction.on_commit(lambda: enqueue_render(pk))
    return report


def _claim(report_id: int) -> StatusReport | None:
    """Take the report for rendering, or return None if it is not ours to render."""
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().get(pk=report_id)
        now = timezone.now()
        stale = report.state == State.RENDERING and (
            report.started_at is None or report.started_at < now - _render_timeout()
        )
        if report.state != State.QUEUED and not stale:
            return None
        report.state = State.RENDERING
        report.attempts += 1
        report.started_at = now
        report.error = ""
        save_with_reason(report, by=None, reason=reasons.RENDERING(attempt=report.attempts))
        return report


def report_file_name(report: StatusReport) -> str:
    """The deterministic storage name of a report's PDF."""
    return f"reports/statusrapport-{report.pk}.pdf"


def report_render(*, report_id: int) -> StatusReport:
    """Render a report to PDF. Idempotent: a done report is returned as it is, a report that
    another worker is rendering (within the timeout) is left alone."""
    from kiraad.reports.builder import build_html
    from kiraad.reports.pdf import render_pdf

    claimed = _claim(report_id)
    if claimed is None:
        return StatusReport.objects.get(pk=report_id)
    started_at = claimed.started_at
    try:
        pdf = render_pdf(build_html(claimed), as_of=claimed.as_of)
    except Exception as exc:
        logger.exception("rendering status report %s failed", report_id)
        return _finish(report_id, started_at, error=f"{type(exc).__name__}: {exc}")
    return _finish(report_id, started_at, pdf=pdf)


def _finish(
    report_id: int,
    started_at: datetime.datetime | None,
    *,
    pdf: bytes | None = None,
    error: str = "",
) -> StatusReport:
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().get(pk=report_id)
        if report.state != State.RENDERING or report.started_at != started_at:
            # Another attempt took over (or finished) meanwhile; it owns the outcome.
            return report
        report.finished_at = timezone.now()
        if pdf is None:
            report.state = State.FAILED
            report.error = error[:2000] or "Unknown error"
            save_with_reason(report, by=None, reason=reasons.FAILED())
            return report
        name = report_file_name(report)
        storage = report.pdf.storage
        if storage.exists(name):
            storage.delete(name)
        report.pdf.save(name.removeprefix("reports/"), ContentFile(pdf), save=False)
        report.checksum = hashlib.sha256(pdf).hexdigest()
        report.state = State.DONE
        report.error = ""
        save_with_reason(report, by=None, reason=reasons.RENDERED())
        return report


@transaction.atomic
def report_retry(*, report: StatusReport, by: User) -> StatusReport:
    """Queue a failed report again."""
    report = StatusReport.objects.select_for_update().get(pk=report.pk)
    if report.state != State.FAILED:
        raise ServiceError(_("Only a failed report can be retried."))
    report.state = State.QUEUED
    report.error = ""
    save_with_reason(report, by=by, reason=reasons.RETRY_ORDERED())
    pk = report.pk
    transaction.on_commit(lambda: enqueue_render(pk))
    return report


def report_sweep_stale(*, now: datetime.datetime | None = None) -> list[int]:
    """Send again the reports the broker never delivered (queued for over two minutes) and the
    ones whose worker died (rendering past the timeout). Returns their ids."""
    now = now or timezone.now()
    queued = StatusReport.objects.filter(
        state=State.QUEUED, requested_at__lt=now - QUEUED_RESEND_AFTER
    )
    stuck = StatusReport.objects.filter(
        state=State.RENDERING, started_at__lt=now - _render_timeout()
    )
    ids = sorted(set(queued.values_list("pk", flat=True)) | set(stuck.values_list("pk", flat=True)))
    for pk in ids:
        enqueue_render(pk)
    return ids
