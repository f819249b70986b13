"""The public question form acts once per form key (issue 19): a double click or a reload of
the receipt sends nothing twice and shows the first receipt again (its reference; the private
link is not shown again, it was e-mailed)."""

import re

import pytest
from django.core import mail

from guidance.models import GuidanceRequest
from kiraad.idempotency import new_key
from kiraad.models import IdempotencyKey
from tests.guidance.test_rate_limit import valid

pytestmark = pytest.mark.django_db


def test_the_form_carries_a_one_time_key(client, areas):
    page = client.get("/guidance/ask/").content.decode()
    assert re.search(r'name="form_key" value="[0-9a-f]{32}"', page)


def test_a_second_post_with_the_same_key_shows_the_first_receipt(
    client, areas, django_capture_on_commit_callbacks
):
    key = new_key()
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/guidance/ask/", valid(form_key=key))
        second = client.post("/guidance/ask/", valid(form_key=key))
    assert GuidanceRequest.objects.count() == 1
    reference = GuidanceRequest.objects.get().reference
    assert reference in first.content.decode()
    assert "/guidance/track/" in first.content.decode()
    page = second.content.decode()
    assert second.status_code == 200
    assert reference in page
    assert "/guidance/track/" not in page  # the link was shown once (and e-mailed)
    assert "/guidance/resend-link/" in page
    assert len([m for m in mail.outbox if "sentinel@example.org" in m.to]) == 1


def test_the_repeat_does_not_count_towards_the_limit(client, areas, settings):
    settings.GUIDANCE_ASK_RATE = "1/h"
    key = new_key()
    assert client.post("/guidance/ask/", valid(form_key=key)).status_code == 200
    assert client.post("/guidance/ask/", valid(form_key=key)).status_code == 200
    assert GuidanceRequest.objects.count() == 1


def test_a_refused_post_keeps_its_key_free(client, areas):
    key = new_key()
    refused = client.post("/guidance/ask/", {**valid(form_key=key), "consent": ""})
    assert f'value="{key}"' in refused.content.decode()  # the form shown again keeps it
    assert not IdempotencyKey.objects.exists()
    client.post("/guidance/ask/", valid(form_key=key))
    assert GuidanceRequest.objects.count() == 1


def test_a_different_key_is_a_new_question(client, areas):
    client.post("/guidance/ask/", valid(form_key=new_key()))
    client.post("/guidance/ask/", valid(form_key=new_key()))
    assert GuidanceRequest.objects.count() == 2
