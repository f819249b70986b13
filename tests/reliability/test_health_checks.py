"""The health checks do a fixed, small amount of work, counted rather than timed: a monitor
polls them every few seconds, so they must never grow a query, touch the session or set a
cookie (a wall-clock ceiling would only measure the machine the suite runs on)."""

import pytest
import redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def pings(monkeypatch):
    """Count the broker pings /healthz makes (the real ping still runs)."""
    calls = []
    real_ping = redis.Redis.ping

    def ping(self, **kwargs):
        calls.append(self)
        return real_ping(self, **kwargs)

    monkeypatch.setattr(redis.Redis, "ping", ping)
    return calls


def test_healthz_runs_one_statement_and_writes_no_session(
    client, django_assert_num_queries, settings, pings
):
    with django_assert_num_queries(1) as ctx:
        response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert [query["sql"] for query in ctx.captured_queries] == ["SELECT 1"]
    assert not response.cookies  # no session, no CSRF cookie, nothing stored for the caller
    assert response["Cache-Control"].startswith("max-age=0")
    assert len(pings) == (1 if settings.CELERY_BROKER_URL else 0)
    assert response.json()["database"] == "ok"


def test_healthz_costs_the_same_on_every_call(client, django_assert_num_queries):
    """Nothing is set up on the first call and read back later (no session, no cache fill)."""
    client.get("/healthz")
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200


def test_livez_answers_without_touching_the_database(client, django_assert_num_queries, pings):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert not response.cookies
    assert pings == []
