"""A double click creates once (issue 19, defect 5): the create forms carry a one-time key and a
second POST with it shows the first result (kiraad/idempotency.py)."""

import re

import pytest

from kiraad.models import IdempotencyKey
from network.models import AIDeployment, Escalation
from tests.network.test_escalation_views import NEW_POST
from tests.network.test_register import FORM

pytestmark = pytest.mark.django_db


def form_key(page) -> str:
    return re.search(r'name="form_key" value="([0-9a-f]{32})"', page.content.decode()).group(1)


def test_double_click_on_an_escalation_creates_one(client, cast, kin, category, level):
    client.force_login(cast["kin_coordinator"])
    key = form_key(client.get("/network/escalations/new/"))
    data = {**NEW_POST, "category": category.pk, "target_level": level.pk, "network": kin.pk}
    first = client.post("/network/escalations/new/", {**data, "form_key": key})
    second = client.post("/network/escalations/new/", {**data, "form_key": key})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Escalation.objects.count() == 1
    # A new form (a new key) creates a second one.
    third_key = form_key(client.get("/network/escalations/new/"))
    assert third_key != key
    client.post("/network/escalations/new/", {**data, "form_key": third_key})
    assert Escalation.objects.count() == 2


def test_a_refused_post_does_not_use_up_the_key(client, cast, kin, category, level):
    client.force_login(cast["kin_coordinator"])
    key = form_key(client.get("/network/escalations/new/"))
    refused = client.post("/network/escalations/new/", {"title": "", "form_key": key})
    assert refused.status_code == 200
    assert form_key(refused) == key  # shown again with the same key
    data = {**NEW_POST, "category": category.pk, "target_level": level.pk, "network": kin.pk}
    assert client.post("/network/escalations/new/", {**data, "form_key": key}).status_code == 302
    assert Escalation.objects.count() == 1


def test_keys_are_per_user(client, cast, kin, category, level):
    data = {**NEW_POST, "category": category.pk, "target_level": level.pk, "network": kin.pk}
    key = "ab" * 16
    for who in ("kin_coordinator", "secretariat"):
        client.force_login(cast[who])
        client.post("/network/escalations/new/", {**data, "form_key": key})
    assert Escalation.objects.count() == 2
    assert IdempotencyKey.objects.filter(key=key).count() == 2


def test_double_click_on_a_register_entry_creates_one(client, cast):
    client.force_login(cast["kin_coordinator"])
    key = form_key(client.get("/network/register/new/"))
    first = client.post("/network/register/new/", {**FORM, "form_key": key})
    second = client.post("/network/register/new/", {**FORM, "form_key": key})
    assert second["Location"] == first["Location"]
    assert AIDeployment.objects.count() == 1
