"""The public form holds off floods: the 6th submission per client per hour gets 429,
and when the cache (Redis) is down the form still works (fails open, logs) — never a 500."""

import logging

import pytest

from guidance.models import GuidanceRequest
from tests.guidance.test_flow import ASK


@pytest.mark.django_db
def test_sixth_submission_gets_429(client, areas):
    data = {**ASK, "areas_not_sure": "on"}
    for _ in range(5):
        assert client.post("/guidance/ask/", data).status_code == 200
    response = client.post("/guidance/ask/", data)
    assert response.status_code == 429
    assert (
        "Vent en time" in response.content.decode() or "wait an hour" in response.content.decode()
    )
    assert GuidanceRequest.objects.count() == 5


@pytest.mark.django_db
def test_other_client_is_not_limited(client, areas):
    data = {**ASK, "areas_not_sure": "on"}
    for _ in range(6):
        client.post("/guidance/ask/", data)
    response = client.post("/guidance/ask/", data, REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200


@pytest.mark.django_db
def test_get_is_not_counted(client, areas):
    for _ in range(10):
        assert client.get("/guidance/ask/").status_code == 200
    assert client.post("/guidance/ask/", {**ASK, "areas_not_sure": "on"}).status_code == 200


@pytest.mark.django_db
def test_fails_open_when_cache_raises(client, areas, monkeypatch, caplog):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for name in ("add", "get", "incr", "get_many", "set"):
        monkeypatch.setattr(cache, name, broken, raising=False)
    # django-ratelimit looks the cache up by name; make every lookup the broken one.
    import django_ratelimit.core as core

    monkeypatch.setattr(core, "caches", {"default": cache})
    with caplog.at_level(logging.WARNING, logger="guidance.views"):
        for _ in range(7):
            response = client.post("/guidance/ask/", {**ASK, "areas_not_sure": "on"})
            assert response.status_code == 200
    assert GuidanceRequest.objects.count() == 7
    assert "fails open" in caplog.text
