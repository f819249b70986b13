"""Every free-text field has a length limit (issue 19): the server refuses longer text with a
clear message on the same page, keeping what was typed; the page carries the same limit as
`maxlength`, which static/js/portal.js turns into a visible counter (tests/e2e); line breaks
count once on both sides."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms

import guidance
import kiraad
import measures
import network
import notifications
from kiraad.form_fields import TEXT, FreeText
from network.models import Escalation
from tests.network.test_escalation_views import NEW_POST

pytestmark = pytest.mark.django_db


def _text_areas():
    for package in (kiraad, measures, guidance, network, notifications):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            is_forms = info.name.endswith("forms") or ".forms." in info.name  # or a package
            if not is_forms or ".migrations" in info.name:
                continue
            module = importlib.import_module(info.name)
            for name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == info.name:
                    for field_name, field in cls.base_fields.items():
                        if isinstance(field, forms.CharField) and isinstance(
                            field.widget, forms.Textarea
                        ):
                            yield f"{info.name}.{name}.{field_name}", field


def test_every_text_area_of_every_form_has_a_length_limit():
    fields = dict(_text_areas())
    assert len(fields) > 30
    unlimited = [name for name, field in fields.items() if not field.max_length]
    assert not unlimited, f"free text without a limit: {unlimited}"
    for name, field in fields.items():
        assert field.widget_attrs(field.widget)["maxlength"] == str(field.max_length), name


def test_line_breaks_count_once_as_the_browser_counts_them():
    field = FreeText(max_length=10)
    assert field.clean("ab\r\n" * 3 + "x") == "ab\n" * 3 + "x"  # 10 characters, sent as 13
    with pytest.raises(forms.ValidationError):
        field.clean("ab\r\n" * 3 + "xy")


def test_too_long_text_comes_back_with_a_message_and_everything_typed(
    client, cast, kin, category, level
):
    client.force_login(cast["kin_coordinator"])
    page = client.get("/network/escalations/new/").content.decode()
    assert f'maxlength="{TEXT}"' in page
    data = {
        **NEW_POST,
        "title": "Beholdt tittel",
        "description": "x" * (TEXT + 1),
        "category": category.pk,
        "target_level": level.pk,
        "network": kin.pk,
    }
    response = client.post("/network/escalations/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Beholdt tittel" in body
    assert "x" * (TEXT + 1) in body
    assert f"{TEXT}" in body.replace("\xa0", "").replace(" ", "")  # «høyst 5000 tegn»
    assert not Escalation.objects.exists()
    data["description"] = "x" * TEXT
    assert client.post("/network/escalations/new/", data).status_code == 302
