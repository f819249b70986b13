"""The public forms hold off floods without losing what people typed (issue 19, defects 1, 3).

Only valid submissions count; the one over the limit comes back as the form with everything
typed and the time to try again. The count is per client address as the trusted proxies saw it,
and when the cache (Redis) is down it moves to PostgreSQL instead of letting everything through.
"""

import pytest
from django.contrib.auth import get_user_model

from guidance.models import GuidanceRequest, RequesterMessage
from kiraad.models import ThrottleCounter
from tests.guidance.test_flow import ASK

pytestmark = pytest.mark.django_db

QUESTION = "Et spørsmål ingen vil skrive to ganger: «Er journalroboten medisinsk utstyr?»"


def valid(**extra):
    return {**ASK, "areas_not_sure": "on", "question": QUESTION, **extra}


def test_invalid_submissions_do_not_count(client, areas):
    for _ in range(10):
        response = client.post("/guidance/ask/", {**valid(), "consent": ""})
        assert response.status_code == 200
    for _ in range(5):
        assert client.post("/guidance/ask/", valid()).status_code == 200
    assert GuidanceRequest.objects.count() == 5


def test_over_the_limit_the_form_comes_back_with_everything_typed(client, areas):
    for _ in range(5):
        assert client.post("/guidance/ask/", valid()).status_code == 200
    response = client.post("/guidance/ask/", valid())
    assert response.status_code == 429
    body = response.content.decode()
    assert "Er journalroboten medisinsk utstyr?" in body  # still in the textarea
    assert 'value="Sentinel HF"' in body
    assert response.context["retry_at"] is not None
    assert "Nothing is lost" in body or "Ingenting er tapt" in body
    assert GuidanceRequest.objects.count() == 5


def test_other_client_is_not_limited(client, areas):
    for _ in range(6):
        client.post("/guidance/ask/", valid())
    response = client.post("/guidance/ask/", valid(), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200


def test_get_is_not_counted(client, areas):
    for _ in range(10):
        assert client.get("/guidance/ask/").status_code == 200
    assert client.post("/guidance/ask/", valid()).status_code == 200


def test_client_behind_the_proxy_counted_by_its_own_address(client, areas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        response = client.post(
            "/guidance/ask/", valid(), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy
        )
        assert response.status_code == 200
    # Another visitor behind the same proxy has their own count.
    other = client.post("/guidance/ask/", valid(), HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert other.status_code == 200


def test_spoofed_forwarded_for_is_not_trusted_beyond_the_proxy_count(client, areas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(5):
        client.post("/guidance/ask/", valid(), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    # The client writes its own X-Forwarded-For; the proxy appends the real address.
    for fake in ("198.51.100.1", "198.51.100.2, 198.51.100.3"):
        spoofed = client.post(
            "/guidance/ask/", valid(), HTTP_X_FORWARDED_FOR=f"{fake}, 203.0.113.5", **proxy
        )
        assert spoofed.status_code == 429
    assert GuidanceRequest.objects.count() == 5


def test_without_trusted_proxies_the_header_is_ignored(client, areas, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        client.post("/guidance/ask/", valid(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    response = client.post("/guidance/ask/", valid(), HTTP_X_FORWARDED_FOR="198.51.100.99")
    assert response.status_code == 429


@pytest.fixture
def redis_down(monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    for name in ("add", "get", "incr", "set"):
        monkeypatch.setattr(cache, name, broken)


def test_with_redis_down_the_limit_is_counted_in_postgresql(client, areas, redis_down):
    for _ in range(5):
        assert client.post("/guidance/ask/", valid()).status_code == 200
    response = client.post("/guidance/ask/", valid())
    assert response.status_code == 429
    assert QUESTION in response.content.decode()
    assert GuidanceRequest.objects.count() == 5
    counter = ThrottleCounter.objects.get(scope="guidance-ask")
    assert counter.count == 6
    assert "127.0.0.1" not in counter.key_hash  # only a hash of the address is stored


def test_lost_link_page_has_its_own_limit(
    client, tracked, mailoutbox, django_capture_on_commit_callbacks
):
    other = valid(requester_email="annen@example.org")
    for _ in range(5):
        client.post("/guidance/ask/", other)
    assert client.post("/guidance/ask/", other).status_code == 429
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/guidance/resend-link/", {"email": "sentinel@example.org"})
    assert response.status_code == 200
    assert len(mailoutbox) == 1


def test_lost_link_page_is_throttled_per_address_and_per_email(
    client, tracked, mailoutbox, django_capture_on_commit_callbacks
):
    for n in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            ok = client.post(
                "/guidance/resend-link/",
                {"email": "sentinel@example.org"},
                REMOTE_ADDR=f"10.0.1.{n}",
            )
        assert ok.status_code == 200
    limited = client.post(
        "/guidance/resend-link/", {"email": "sentinel@example.org"}, REMOTE_ADDR="10.0.1.99"
    )
    assert limited.status_code == 429
    assert 'value="sentinel@example.org"' in limited.content.decode()
    assert len(mailoutbox) == 5


def test_follow_ups_are_throttled_and_keep_the_text(client, tracked):
    request, token = tracked
    for n in range(5):
        response = client.post(f"/guidance/track/{token}/", {"text": f"Tillegg {n}"})
        assert response.status_code == 302
    response = client.post(f"/guidance/track/{token}/", {"text": "Tillegg som venter"})
    assert response.status_code == 429
    assert "Tillegg som venter" in response.content.decode()
    assert RequesterMessage.objects.filter(request=request).count() == 5


def test_password_reset_mails_are_throttled(client, mailoutbox, settings):
    get_user_model().objects.create_user("resetme", email="resetme@example.org", password="x")
    codes = [
        client.post("/accounts/password_reset/", {"email": "resetme@example.org"}).status_code
        for _ in range(8)
    ]
    assert codes[:3] == [302, 302, 302]
    assert set(codes[3:]) == {429}
    assert len(mailoutbox) == 3
