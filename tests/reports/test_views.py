import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kiraad.models import StatusReport
from kiraad.reports.services import report_order

LIST = "/reports/"


def form_data(**extra):
    today = timezone.localdate()
    return {
        "title": "Statusrapport",
        "period_start": "2026-01-01",
        "period_end": today.isoformat(),
        "as_of": today.isoformat(),
        **extra,
    }


def make_report(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return report_order(
            by=user,
            title="R",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 1, 31),
            as_of=timezone.now() - dt.timedelta(minutes=1),
        )


@pytest.mark.django_db
def test_secretariat_orders_and_downloads(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, form_data())
    report = StatusReport.objects.get()
    assert response.status_code == 302
    assert response.url == f"/reports/{report.pk}/"
    detail = client.get(f"/reports/{report.pk}/")
    assert detail.status_code == 200
    assert b"hx-trigger" not in detail.content  # done: polling stops
    download = client.get(f"/reports/{report.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_queued_report_polls_with_htmx_partial(
    client, cast, monkeypatch, django_capture_on_commit_callbacks
):
    from kiraad.reports.tasks import render_report

    monkeypatch.setattr(render_report, "apply_async", lambda *a, **k: None)
    report = make_report(cast["secretariat"], django_capture_on_commit_callbacks)
    client.force_login(cast["secretariat"])
    page = client.get(f"/reports/{report.pk}/")
    assert b'hx-trigger="every 2s"' in page.content
    partial = client.get(f"/reports/{report.pk}/", headers={"HX-Request": "true"})
    assert b"<html" not in partial.content
    assert b"report-progress" in partial.content


@pytest.mark.django_db
def test_broker_down_order_still_redirects(
    client, cast, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from kiraad.reports.tasks import render_report

    def down(*a, **k):
        raise OperationalError("down")

    monkeypatch.setattr(render_report, "apply_async", down)
    client.force_login(cast["secretariat"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(LIST, form_data())
    assert response.status_code == 302
    assert StatusReport.objects.get().state == StatusReport.State.QUEUED


@pytest.mark.django_db
def test_validation_errors_keep_input(client, cast):
    client.force_login(cast["secretariat"])
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(
        LIST, form_data(period_start="2026-12-31", period_end="2026-01-01", as_of=future)
    )
    assert response.status_code == 200
    assert StatusReport.objects.count() == 0
    form = response.context["form"]
    assert "period_end" in form.errors
    assert "as_of" in form.errors
    assert b"2026-12-31" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "hdir_rep", "dmp_rep", "kin_coordinator"])
def test_permissions(client, cast, who, django_capture_on_commit_callbacks):
    report = make_report(cast["secretariat"], django_capture_on_commit_callbacks)
    if who != "anonymous":
        client.force_login(cast[who])
    urls_get = [LIST, f"/reports/{report.pk}/", f"/reports/{report.pk}/download/"]
    for url in urls_get:
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response.url
        else:
            assert response.status_code == (403 if url == LIST else 404)
    before = StatusReport.objects.count()
    response = client.post(LIST, form_data())
    assert response.status_code == (302 if who == "anonymous" else 403)
    StatusReport.objects.filter(pk=report.pk).update(state="failed")
    response = client.post(f"/reports/{report.pk}/retry/")
    assert response.status_code == (302 if who == "anonymous" else 404)
    assert StatusReport.objects.count() == before
    assert StatusReport.objects.get(pk=report.pk).state == "failed"


@pytest.mark.django_db
def test_list_query_count_constant(client, cast, monkeypatch, django_capture_on_commit_callbacks):
    from kiraad.reports.tasks import render_report

    monkeypatch.setattr(render_report, "apply_async", lambda *a, **k: None)
    client.force_login(cast["secretariat"])
    make_report(cast["secretariat"], django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for user in (cast["admin"], cast["secretariat"]) * 5:
        make_report(user, django_capture_on_commit_callbacks)
    with CaptureQueriesContext(connection) as many:
        assert client.get(LIST).status_code == 200
    assert len(few) == len(many)
