"""The public form takes hostile and random input without a server error or half-saved rows."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidance.models import GuidanceRequest, TrackingToken

FIELDS = [
    "kind", "requester_name", "requester_email", "organisation", "org_kind", "title",
    "question", "phase", "areas", "areas_not_sure", "consent", "website",
]  # fmt: skip


@pytest.mark.django_db
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=300), max_size=12))
def test_ask_form_survives_random_input(client, data):
    from django.core.cache import cache

    cache.clear()
    response = client.post("/guidance/ask/", data)
    assert response.status_code in (200, 429)
    # Either a whole request with its token, or nothing.
    assert GuidanceRequest.objects.count() == TrackingToken.objects.count()
