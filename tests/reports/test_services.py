import datetime as dt
import hashlib
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from kiraad.models import StatusReport
from kiraad.reports import render as render_mod
from kiraad.reports.services import report_order, report_render, report_retry, report_sweep_stale


def order(user, as_of=None):
    as_of = as_of or timezone.now() - dt.timedelta(minutes=1)
    return report_order(
        by=user,
        title="Statusrapport 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
        as_of=as_of,
    )


def pdf_text(report):
    report.pdf.open("rb")
    data = report.pdf.read()
    report.pdf.close()
    reader = PdfReader(io.BytesIO(data))
    return data, "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.django_db(transaction=True)
def test_order_renders_done_with_checksum(cast):
    report = order(cast["secretariat"])
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE, report.error
    data, text = pdf_text(report)
    assert report.checksum == hashlib.sha256(data).hexdigest()
    assert "KI-rådet for helse- og omsorgssektoren" in text
    assert "Tiltak etter status" in text
    assert "Rådsmøter og vedtak i perioden" in text
    assert "passwd" not in text
    assert "root:" not in text


@pytest.mark.django_db(transaction=True)
def test_renderer_refuses_every_url(cast, monkeypatch):
    asked = []
    original = render_mod.refuse

    def spy(url):
        asked.append(url)
        return original(url)

    monkeypatch.setattr(render_mod, "refuse", spy)
    report = order(cast["secretariat"])
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE, report.error
    assert "file:///etc/passwd" in asked
    assert "http://127.0.0.1:9/x" in asked
    _, text = pdf_text(report)
    assert "root:" not in text


@pytest.mark.django_db
def test_failure_records_reason_and_retry_works(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(*a, **k):
        raise RuntimeError("font missing")

    monkeypatch.setattr(render_mod, "render_pdf", boom)
    with django_capture_on_commit_callbacks(execute=True):
        report = order(cast["secretariat"])
    report.refresh_from_db()
    assert report.state == StatusReport.State.FAILED
    assert "font missing" in report.error
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(by=cast["secretariat"], report=report)
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE
    assert report.attempts == 2


@pytest.mark.django_db
def test_render_is_idempotent(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = order(cast["secretariat"])
    report.refresh_from_db()
    checksum = report.checksum
    assert report_render(report.pk) is None
    report.refresh_from_db()
    assert report.attempts == 1
    assert report.checksum == checksum


@pytest.mark.django_db
def test_broker_down_leaves_report_queued_then_sweeper_sends_it(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from kiraad.reports.tasks import render_report

    def down(*a, **k):
        raise OperationalError("broker down")

    monkeypatch.setattr(render_report, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        report = order(cast["secretariat"])
    report.refresh_from_db()
    assert report.state == StatusReport.State.QUEUED
    monkeypatch.undo()
    assert report_sweep_stale(timezone.now()) == []
    assert report_sweep_stale(timezone.now() + dt.timedelta(minutes=10)) == [report.pk]
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE


@pytest.mark.django_db
def test_stale_rendering_is_swept(cast, monkeypatch, django_capture_on_commit_callbacks):
    from kiraad.reports.tasks import render_report

    monkeypatch.setattr(render_report, "apply_async", lambda *a, **k: None)
    with django_capture_on_commit_callbacks(execute=True):
        report = order(cast["secretariat"])
    StatusReport.objects.filter(pk=report.pk).update(
        state=StatusReport.State.RENDERING, started_at=timezone.now() - dt.timedelta(hours=1)
    )
    monkeypatch.undo()
    assert report_sweep_stale() == [report.pk]
    report.refresh_from_db()
    assert report.state == StatusReport.State.DONE
    assert report_sweep_stale() == []


@pytest.mark.django_db
def test_rebuild_after_changes_is_reproducible(cast, agencies, django_capture_on_commit_callbacks):
    from kiraad.services import save_with_reason

    with django_capture_on_commit_callbacks(execute=True):
        first = order(cast["secretariat"])
    first.refresh_from_db()
    data1, text1 = pdf_text(first)
    agency = agencies["HDIR"]
    agency.name = "Endret navn etter rapportdato"
    save_with_reason(agency, by=None, reason="later change")
    StatusReport.objects.filter(pk=first.pk).update(state=StatusReport.State.QUEUED)
    report_render(first.pk)
    first.refresh_from_db()
    _data2, text2 = pdf_text(first)
    assert text1 == text2
    assert "Endret navn" not in text2
    assert hashlib.sha256(data1).hexdigest() == first.checksum
