"""The status report pages: permissions, ordering, progress, download, retry, query counts."""

import datetime
import time
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext

from kiraad.models import StatusReport
from tests.reports.conftest import PERIOD

pytestmark = pytest.mark.django_db

State = StatusReport.State
LIST = "/reports/"


def make_report(cast, **extra) -> StatusReport:
    values = {
        "title": "Statusrapport",
        "period_start": PERIOD[0],
        "period_end": PERIOD[1],
        "as_of": timezone.now(),
        "requested_by": cast["secretariat"],
        **extra,
    }
    return StatusReport.objects.create(**values)


def order_data(**overrides) -> dict:
    today = timezone.localdate()
    return {
        "period_start": (today - datetime.timedelta(days=90)).isoformat(),
        "period_end": today.isoformat(),
        "as_of": today.isoformat(),
        **overrides,
    }


def login(client, cast, who):
    if who != "anonymous":
        client.force_login(cast[who])


# --- permissions ---------------------------------------------------------------------------

ROLES = ["anonymous", "hdir_rep", "dmp_rep", "kin_coordinator", "secretariat", "admin"]


@pytest.mark.parametrize("who", ROLES)
def test_list_page(client, cast, who):
    login(client, cast, who)
    response = client.get(LIST)
    expected = {"anonymous": 302, "secretariat": 200, "admin": 200}.get(who, 403)
    assert response.status_code == expected
    if who == "anonymous":
        assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("who", ROLES)
def test_ordering_is_for_the_secretariat_only(
    client, cast, who, django_capture_on_commit_callbacks
):
    login(client, cast, who)
    with (
        mock.patch("kiraad.reports.tasks.render_report.apply_async") as apply,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(LIST, order_data())
    if who in ("secretariat", "admin"):
        report = StatusReport.objects.get()
        assert response.status_code == 302
        assert response.url == f"/reports/{report.pk}/"
        apply.assert_called_once_with(args=(report.pk,), retry=False)
    else:
        assert response.status_code in (302, 403)
        if who == "anonymous":
            assert response.url.startswith("/accounts/login/")
        assert StatusReport.objects.count() == 0
        apply.assert_not_called()


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("page", ["", "download/"])
def test_detail_and_download_hide_reports_from_others(client, cast, who, page):
    report = make_report(cast, state=State.DONE, checksum="0" * 64)
    report.pdf.save("x.pdf", ContentFile(b"%PDF-1.7 test"))
    login(client, cast, who)
    response = client.get(f"/reports/{report.pk}/{page}")
    if who in ("secretariat", "admin"):
        assert response.status_code == 200
    elif who == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("who", ROLES)
def test_retry_is_for_the_secretariat_only(client, cast, who):
    report = make_report(cast, state=State.FAILED, error="boom")
    login(client, cast, who)
    with mock.patch("kiraad.reports.tasks.render_report.apply_async"):
        response = client.post(f"/reports/{report.pk}/retry/")
    report.refresh_from_db()
    if who in ("secretariat", "admin"):
        assert response.status_code == 302
        assert report.state == State.QUEUED
    else:
        assert response.status_code in (302, 404)
        assert report.state == State.FAILED
        assert report.history.count() == 1


def test_unknown_report_is_404_for_the_secretariat(client, cast):
    client.force_login(cast["secretariat"])
    assert client.get("/reports/999999/").status_code == 404
    assert client.get("/reports/999999/download/").status_code == 404
    assert client.post("/reports/999999/retry/").status_code == 404


# --- ordering ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"period_end": "2020-01-01"}, "period_end", "The period must end on or after its start."),
        ({"as_of": "2999-01-01"}, "as_of", "The as-of date cannot be in the future."),
        ({"period_start": "not a date"}, "period_start", None),
    ],
)
def test_bad_order_gives_clear_errors_and_keeps_the_input(client, cast, overrides, field, message):
    client.force_login(cast["secretariat"])
    response = client.post(LIST, order_data(**overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    if message:
        with translation.override(response.wsgi_request.LANGUAGE_CODE):
            assert form.errors[field] == [gettext(message)]
    for value in overrides.values():
        assert value in response.content.decode()
    assert StatusReport.objects.count() == 0


def test_broker_down_the_order_still_redirects_at_once(
    client, cast, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    client.force_login(cast["secretariat"])
    with (
        mock.patch(
            "kiraad.reports.tasks.render_report.apply_async",
            side_effect=OperationalError("broker unreachable"),
        ) as apply,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        started = time.perf_counter()
        response = client.post(LIST, order_data())
        elapsed = time.perf_counter() - started
    assert len(callbacks) == 1
    apply.assert_called_once()
    assert response.status_code == 302
    assert elapsed < 2
    report = StatusReport.objects.get()
    assert report.state == State.QUEUED
    assert response.url == f"/reports/{report.pk}/"


# --- progress, failure and retry -----------------------------------------------------------


def test_pending_report_polls_its_status_fragment(client, cast):
    report = make_report(cast, state=State.RENDERING, started_at=timezone.now())
    client.force_login(cast["secretariat"])
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert 'data-hx-trigger="every 2s"' in page
    assert f'data-hx-get="/reports/{report.pk}/"' in page
    fragment = client.get(f"/reports/{report.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="report-status"' in fragment
    assert "<html" not in fragment
    report.state = State.DONE
    report.save()
    done = client.get(f"/reports/{report.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done
    assert f"/reports/{report.pk}/download/" in done


def test_failed_report_shows_the_reason_and_retry_renders_it(
    client, cast, world, django_capture_on_commit_callbacks
):
    report = make_report(
        cast, state=State.FAILED, error="RuntimeError: section exploded", attempts=1
    )
    report.as_of = datetime.datetime(2026, 3, 20, 12, tzinfo=timezone.get_current_timezone())
    report.save()
    client.force_login(cast["secretariat"])
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "section exploded" in page
    assert f'action="/reports/{report.pk}/retry/"' in page
    assert "every 2s" not in page  # a failed report is not polled
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/reports/{report.pk}/retry/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == State.DONE, report.error
    download = client.get(f"/reports/{report.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_download_of_an_unfinished_report_is_404(client, cast):
    report = make_report(cast)
    client.force_login(cast["secretariat"])
    assert client.get(f"/reports/{report.pk}/download/").status_code == 404


# --- query counts --------------------------------------------------------------------------


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_list_query_count_is_flat(client, cast, agencies):
    from tests.factories import UserFactory

    client.force_login(cast["secretariat"])
    for _ in range(3):
        make_report(cast, requested_by=UserFactory())
    few = _count(client)
    for _ in range(27):
        make_report(cast, requested_by=UserFactory(), state=State.DONE)
    assert StatusReport.objects.count() == 30
    assert _count(client) == few
    assert few <= 10


@pytest.mark.parametrize(("who", "shown"), [("secretariat", True), ("hdir_rep", False)])
def test_nav_link_only_for_the_secretariat(client, cast, who, shown):
    client.force_login(cast[who])
    page = client.get("/").content.decode()
    assert ('href="/reports/"' in page) is shown


def test_list_shows_who_ordered_when_and_the_download_link(client, cast):
    done = make_report(cast, state=State.DONE, checksum="a" * 64)
    queued = make_report(cast, title="Venter")
    client.force_login(cast["secretariat"])
    page = client.get(LIST).content.decode()
    assert f"/reports/{done.pk}/download/" in page
    assert f"/reports/{queued.pk}/download/" not in page
    assert cast["secretariat"].username in page or cast["secretariat"].get_full_name() in page
