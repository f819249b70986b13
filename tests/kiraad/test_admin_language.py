"""The admin speaks the reader's language, constraint errors included, and saving a text from
a browser (CRLF line endings) does not record a change that is not one."""

import datetime

import pytest
from django.conf import settings

from kiraad.history import history_entries
from kiraad.models import Mandate
from tests.factories import MandateFactory

pytestmark = pytest.mark.django_db


def _change_form_data(response) -> dict:
    """What the browser would send back unchanged: the form's and the inlines' current values."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = form[name].value()
        if value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = value
        for subform in formset.forms:
            for name in subform.fields:
                value = subform[name].value()
                if value is not None:
                    data[subform.add_prefix(name)] = value
    return data


@pytest.fixture
def mandate(db):
    return MandateFactory(
        key="ki-radet-2024",
        title="Mandat for KI-rådet",
        purpose="Første linje.\nAndre linje.",
        term_start=datetime.date(2024, 4, 1),
        term_end=datetime.date(2025, 12, 31),
    )


def _post_bad_term(client, mandate):
    url = f"/admin/kiraad/mandate/{mandate.pk}/change/"
    data = _change_form_data(client.get(url))
    data.update(term_end="2020-01-01", change_reason="Feil dato")
    return client.post(url, data)


def test_admin_pages_and_constraint_errors_are_in_norwegian(client, cast, mandate):
    client.force_login(cast["admin"])
    index = client.get("/admin/")
    assert "Modellnavn" in index.text
    assert "Model name" not in index.text

    response = _post_bad_term(client, mandate)

    assert response.status_code == 200
    assert "Rett feilen nedenfor." in response.text
    assert "Mandatperioden kan ikke slutte før den begynner." in response.text
    assert "Please correct" not in response.text
    assert "mandate_term_ends_after_start" not in response.text
    assert "Begrensning" not in response.text


def test_admin_in_english_for_a_reader_who_chose_english(client, cast, mandate):
    client.force_login(cast["admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = _post_bad_term(client, mandate)

    assert "Please correct the error below." in response.text
    assert "The term cannot end before it starts." in response.text


def test_saving_a_mandate_from_a_browser_does_not_record_line_endings_as_a_change(
    client, cast, mandate
):
    client.force_login(cast["admin"])
    url = f"/admin/kiraad/mandate/{mandate.pk}/change/"
    data = _change_form_data(client.get(url))
    data.update(purpose="Første linje.\r\nAndre linje.", title="Mandat for KI-rådet 2024")
    data["change_reason"] = "Tittel med år"

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    mandate = Mandate.objects.get(pk=mandate.pk)
    assert mandate.purpose == "Første linje.\nAndre linje."
    changed = [field for field, _old, _new in history_entries(mandate)[0].changes]
    assert changed == ["tittel"]
