"""Faults survived, nothing lost (issue 9): concurrent updates on real PostgreSQL, failures in the
middle of multi-row services, and Redis/the broker down."""

import datetime
import threading
import time
from unittest import mock

import pytest
from django.db import connection, connections

from guidance.models import Assignment, GuidanceRequest
from guidance.services import assignment as assignment_services
from guidance.services import retention as retention_services
from guidance.services.intake import RequestData, guidance_request_submit
from kiraad import registry
from kiraad.models import Agency, User
from kiraad.services import agency_dissolve
from measures.models import Measure, MeasureOwner, StatusUpdate
from measures.services import (
    OwnerData,
    StaleUpdate,
    StatusData,
    measure_post_status,
    measure_set_owners,
)
from tests.factories import AgencyFactory, UserFactory
from tests.measures.factories import MeasureFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks"
)


class Boom(Exception):
    pass


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_updates_on_one_measure_exactly_one_wins(cast, agencies):
    measure = MeasureFactory()
    measure_set_owners(
        measure=measure, owners=OwnerData(lead=agencies["HDIR"]), by=None, reason="test"
    )
    based_on = Measure.objects.get(pk=measure.pk).latest_update_id
    history_before = measure.history.count()
    author = cast["hdir_rep"]
    results: list[str] = []
    barrier = threading.Barrier(20)

    def post(n: int) -> None:
        try:
            barrier.wait()
            measure_post_status(
                measure=measure,
                author=author,
                based_on=based_on,
                data=StatusData(status="in_progress", progress=n, health="on_track"),
            )
            results.append("saved")
        except StaleUpdate:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count("saved") == 1
    assert results.count("conflict") == 19
    assert StatusUpdate.objects.filter(measure=measure).count() == 1
    # The winning update went through save(), so simple-history recorded it.
    assert measure.history.count() == history_before + 1


@pytest.mark.django_db
def test_failure_while_changing_owners_leaves_no_partial_rows(cast, agencies):
    measure = MeasureFactory()
    measure_set_owners(
        measure=measure, owners=OwnerData(lead=agencies["HDIR"]), by=None, reason="first"
    )
    owners_before = list(MeasureOwner.objects.values_list("measure", "agency", "is_lead"))
    history_before = MeasureOwner.history.count()
    with (
        mock.patch("measures.services.sync_agency_perms", side_effect=Boom),
        pytest.raises(Boom),
    ):
        measure_set_owners(
            measure=measure,
            owners=OwnerData(lead=agencies["DMP"], co_owners=[agencies["KIN"]]),
            by=cast["secretariat"],
            reason="second",
        )
    assert list(MeasureOwner.objects.values_list("measure", "agency", "is_lead")) == owners_before
    assert MeasureOwner.history.count() == history_before


@pytest.mark.django_db
def test_failure_in_the_middle_of_a_dissolution_leaves_no_partial_rows(cast, agencies):
    ehelse = AgencyFactory(code="E-HELSE", name="Direktoratet for e-helse")
    person = UserFactory(username="ehelse-person", agency=ehelse)

    def failing_handler(**kwargs):
        raise Boom

    registry.dissolution_handlers.add(failing_handler, order=99, name="test-failing")
    try:
        with pytest.raises(Boom):
            agency_dissolve(
                agency=ehelse, successor=agencies["HDIR"], on=datetime.date(2024, 1, 1),
                change_kind="merger", by=cast["admin"], reason="test",
            )  # fmt: skip
    finally:
        registry.dissolution_handlers.remove("test-failing")
    ehelse.refresh_from_db()
    person.refresh_from_db()
    assert ehelse.successor is None
    assert ehelse.dissolved_on is None
    assert person.agency == ehelse
    assert not Agency.history.filter(code="E-HELSE", successor__isnull=False).exists()


def _request() -> GuidanceRequest:
    request, _token = guidance_request_submit(
        data=RequestData(
            kind="question", requester_name="Kari Nordmann", requester_email="kari@example.org",
            organisation="Sykehuset", org_kind="health_trust", title="T", question="Q",
            phase="development", consent=True,
        )
    )  # fmt: skip
    return request


@pytest.mark.django_db
def test_failure_while_assigning_agencies_leaves_no_partial_rows(cast, agencies):
    request = _request()
    request.status = GuidanceRequest.Status.TRIAGED
    request.save()
    with (
        mock.patch.object(assignment_services.core_access, "sync_agency_perms", side_effect=Boom),
        pytest.raises(Boom),
    ):
        assignment_services.guidance_request_assign(
            request=request, lead=agencies["HDIR"], contributors=[agencies["DMP"]],
            by=cast["secretariat"],
        )  # fmt: skip
    assert not Assignment.objects.exists()
    request.refresh_from_db()
    assert request.status == GuidanceRequest.Status.TRIAGED


@pytest.mark.django_db
def test_failure_while_anonymising_leaves_the_request_whole(cast):
    request = _request()
    real = retention_services._history_model
    calls = {"n": 0}

    def fail_second_time(model):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Boom
        return real(model)

    with (
        mock.patch.object(retention_services, "_history_model", side_effect=fail_second_time),
        pytest.raises(Boom),
    ):
        retention_services.guidance_request_anonymise(request=request, by=None, reason="t")
    request.refresh_from_db()
    assert request.requester_name == "Kari Nordmann"
    assert request.anonymised_at is None
    assert GuidanceRequest.history.filter(requester_name="Kari Nordmann").exists()


@pytest.mark.django_db
def test_with_redis_and_the_broker_down_login_updates_and_the_public_form_still_work(
    client, cast, agencies, settings
):
    from kiraad.project.celery import app

    dead = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": dead,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    measure = MeasureFactory()
    measure_set_owners(
        measure=measure, owners=OwnerData(lead=agencies["HDIR"]), by=None, reason="t"
    )
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url=dead)
    try:
        start = time.perf_counter()
        login = client.post("/accounts/login/", {"username": "rep-hdir", "password": "pw"})
        assert login.status_code == 302
        update = client.post(
            f"/measures/{measure.pk}/update/",
            {"status": "in_progress", "progress": "10", "health": "on_track",
             "based_on": measure.latest_update_id or ""},
        )  # fmt: skip
        assert update.status_code == 302
        # The list's page cache lives in Redis too: the page is built without it.
        listing = client.get("/measures/")
        assert listing.status_code == 200
        assert measure.title in listing.content.decode()
        client.logout()
        ask = client.post(
            "/guidance/ask/",
            {"kind": "question", "requester_name": "Kari", "requester_email": "k@example.org",
             "organisation": "O", "org_kind": "industry", "title": "T", "question": "Q",
             "phase": "development", "areas_not_sure": "on", "consent": "on"},
        )  # fmt: skip
        assert ask.status_code == 200
        assert GuidanceRequest.objects.count() == 1
        assert time.perf_counter() - start < 30
    finally:
        app.conf.update(previous)
    assert StatusUpdate.objects.filter(measure=measure).count() == 1
    assert User.objects.filter(username="rep-hdir").exists()
