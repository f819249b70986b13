"""Ordering, rendering, failing, retrying and sweeping status reports (services and tasks)."""

import datetime
import hashlib
import io
from unittest import mock

import pypdf
import pytest
import time_machine
from django.utils import timezone, translation
from django.utils.translation import gettext

from kiraad.models import StatusReport
from kiraad.reports import services
from kiraad.reports.builder import build_html
from tests.reports.conftest import PERIOD, at, post_update

pytestmark = pytest.mark.django_db(transaction=False)

State = StatusReport.State


def pdf_text(report: StatusReport) -> str:
    report.pdf.open("rb")
    try:
        data = report.pdf.read()
    finally:
        report.pdf.close()
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == report.checksum
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def order(cast, *, as_of=None, **kwargs) -> StatusReport:
    with time_machine.travel(at(25), tick=False):
        return services.report_order(
            by=cast["secretariat"],
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            as_of=as_of or at(20),
            **kwargs,
        )


def test_order_renders_in_the_worker_to_a_valid_pdf(
    cast, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = order(cast)
    report.refresh_from_db()
    assert report.state == State.DONE, report.error
    assert report.attempts == 1
    assert len(report.checksum) == 64
    assert report.pdf.name == f"reports/statusrapport-{report.pk}.pdf"
    text = pdf_text(report)
    with translation.override("nb"):
        expected = [
            "KI-rådet for helse- og omsorgssektoren",
            gettext("Status report to the Ministry of Health and Care Services"),
            gettext("Commissions from the ministry"),
            gettext("Council meetings in the period"),
            gettext("Measures of the joint plans"),
            gettext("The competence network and AI in patient care"),
            gettext("Inter-agency regulatory guidance"),
        ]
    for needle in expected:
        assert needle in text, needle
    assert "TB2026-7" in text
    assert "Rådsmøte mars" in text
    assert "Rådet sluttet seg til" in text
    assert "Veileder for KI-modeller" in text
    assert "Kartlagt" in text
    # Page numbers «Side X av Y» (or their English msgids before the catalogue is compiled)
    assert any(f"{word} 2 " in text for word in ("Side", "Page"))


def test_the_order_is_queued_until_the_transaction_commits(cast, world):
    with mock.patch("kiraad.reports.tasks.render_report.apply_async") as apply:
        report = order(cast)
    assert report.state == State.QUEUED
    apply.assert_not_called()  # no commit yet in this test transaction


def test_as_of_is_never_later_than_the_order(cast, world):
    with time_machine.travel(at(25), tick=False):
        moment = services.report_as_of(datetime.date(2026, 3, 25))
    assert moment == at(25)
    assert services.report_as_of(datetime.date(2026, 3, 20)).hour == 23


def test_render_is_idempotent_once_done(cast, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = order(cast)
    report.refresh_from_db()
    checksum = report.checksum
    again = services.report_render(report_id=report.pk)
    assert again.state == State.DONE
    assert again.attempts == 1
    assert again.checksum == checksum


def test_failure_records_the_reason_and_retry_renders(
    cast, world, django_capture_on_commit_callbacks
):
    with (
        mock.patch(
            "kiraad.reports.builder.build_context", side_effect=RuntimeError("section exploded")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = order(cast)
    report.refresh_from_db()
    assert report.state == State.FAILED
    assert "section exploded" in report.error
    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(report=report, by=cast["secretariat"])
    report.refresh_from_db()
    assert report.state == State.DONE
    assert report.attempts == 2
    assert report.error == ""


def test_only_failed_reports_are_retried(cast, world):
    report = order(cast)
    with pytest.raises(services.ServiceError):
        services.report_retry(report=report, by=cast["secretariat"])


def test_a_report_rendering_elsewhere_is_left_alone(cast, world):
    report = order(cast)
    StatusReport.objects.filter(pk=report.pk).update(
        state=State.RENDERING, started_at=timezone.now(), attempts=1
    )
    assert services.report_render(report_id=report.pk).state == State.RENDERING
    assert StatusReport.objects.get(pk=report.pk).attempts == 1


def test_a_stale_rendering_report_is_swept_and_finishes_once_with_the_same_checksum(
    cast, world, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reference = order(cast)
    reference.refresh_from_db()
    reference_pdf = pdf_text(reference)

    # A second report whose worker died mid-render (no PDF, still «rendering»).
    stuck = order(cast)
    StatusReport.objects.filter(pk=stuck.pk).update(
        state=State.RENDERING, started_at=timezone.now() - datetime.timedelta(hours=1), attempts=1
    )
    assert services.report_sweep_stale(now=timezone.now()) == [stuck.pk]
    stuck.refresh_from_db()
    assert stuck.state == State.DONE
    assert stuck.attempts == 2
    # Same content as of the same date: the same bytes but for the title page, which names
    # the previous report only if one was done before it was ordered (none here).
    assert pdf_text(stuck) == reference_pdf
    # The late delivery of the original message changes nothing.
    assert services.report_render(report_id=stuck.pk).attempts == 2
    assert services.report_sweep_stale(now=timezone.now()) == []
    # Rendering the same report again from scratch gives the same checksum.
    checksum = stuck.checksum
    StatusReport.objects.filter(pk=stuck.pk).update(state=State.QUEUED)
    assert services.report_render(report_id=stuck.pk).checksum == checksum


def test_queued_reports_the_broker_never_got_are_swept(cast, world):
    report = order(cast)  # on_commit never runs in this test: the broker «lost» it
    later = report.requested_at
    with mock.patch("kiraad.reports.tasks.render_report.apply_async") as apply:
        assert services.report_sweep_stale(now=later + datetime.timedelta(minutes=1)) == []
        assert services.report_sweep_stale(now=later + datetime.timedelta(minutes=3)) == [report.pk]
    apply.assert_called_once_with(args=(report.pk,), retry=False)


def test_broker_down_leaves_the_report_queued(cast, world, django_capture_on_commit_callbacks):
    from kombu.exceptions import OperationalError

    with (
        mock.patch(
            "kiraad.reports.tasks.render_report.apply_async",
            side_effect=OperationalError("connection refused"),
        ) as apply,
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = order(cast)
    apply.assert_called_once()
    report.refresh_from_db()
    assert report.state == State.QUEUED


def test_rebuild_after_later_updates_gives_the_same_report(
    cast, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = order(cast)
    report.refresh_from_db()
    first_text, first_checksum = pdf_text(report), report.checksum
    html = build_html(report)

    post_update(world, cast, "Senere oppdatering etter rapportdatoen", when=at(22))

    assert build_html(report) == html
    StatusReport.objects.filter(pk=report.pk).update(state=State.QUEUED)
    rebuilt = services.report_render(report_id=report.pk)
    assert rebuilt.state == State.DONE
    assert "Senere oppdatering" not in pdf_text(rebuilt)
    assert pdf_text(rebuilt) == first_text
    assert rebuilt.checksum == first_checksum


def test_a_later_report_sees_the_later_update(cast, world, django_capture_on_commit_callbacks):
    post_update(world, cast, "Senere oppdatering etter rapportdatoen", when=at(22))
    with django_capture_on_commit_callbacks(execute=True):
        report = order(cast, as_of=at(23))
    report.refresh_from_db()
    assert "Senere oppdatering" in pdf_text(report)


def test_a_chosen_commission_recorded_after_the_as_of_date_is_still_answered(cast, world):
    from kiraad.models import Commission

    late = Commission.objects.create(
        reference="TB2026-99", year=2026, agency=world["commission"].agency, title="Sent oppdrag"
    )
    report = order(cast, commissions=[late])
    html = build_html(report)
    assert "TB2026-99" in html
    assert "TB2026-7" not in html


def test_meetings_are_those_held_in_the_period_with_outcomes_as_of_the_date(cast, world):
    from kiraad.models import Meeting
    from tests.factories import MeetingFactory

    with time_machine.travel(at(2), tick=False):
        MeetingFactory(title="Planlagt møte", starts_at=at(6), status=Meeting.Status.PLANNED)
        MeetingFactory(
            title="Møte før perioden",
            starts_at=at(1, month=1) - datetime.timedelta(days=2),
            status=Meeting.Status.HELD,
        )
    report = order(cast)
    before = build_html(report)
    assert "Rådsmøte mars" in before
    assert "Planlagt møte" not in before
    assert "Møte før perioden" not in before
    with time_machine.travel(at(22), tick=False):
        item = world["meeting"].agenda_items.get()
        item.outcome = "Endret utfall etter rapportdatoen"
        item.save()
    after = build_html(report)
    assert after == before
    assert "Endret utfall" not in after
