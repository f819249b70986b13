"""Radio and checkbox lists are written by one template (templates/django/forms/widgets/
multiple_input.html) instead of three includes per option (issue 15: the public form's 17
areas). The markup is byte for byte what the option templates write, which still render an
option shown on its own."""

from pathlib import Path

import django.forms
import pytest
from django import forms
from django.template import engines
from django.utils import translation

from guidance.forms.public import AskForm
from tests.guidance.factories import RegulatoryAreaFactory

pytestmark = pytest.mark.django_db


class Choices(forms.Form):
    radio = forms.ChoiceField(
        choices=[("a", "Å <b>"), ("b", "B"), ("c", "C")], widget=forms.RadioSelect, initial="b"
    )
    boxes = forms.MultipleChoiceField(
        choices=[("Grupp", [("1", "En"), ("2", "To")]), ("3", "Tre")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "portal-boxes", "data-x": True}),
        required=False,
    )


DJANGOS_OWN = (
    Path(django.forms.__file__).parent / "templates/django/forms/widgets/multiple_input.html"
).read_text()


def through_option_templates(field: forms.BoundField) -> str:
    """What Django's own multiple_input.html writes: each option through its template."""
    widget = field.field.widget
    attrs = field.build_widget_attrs({})
    attrs.setdefault("id", field.auto_id)  # as BoundField.as_widget()
    context = widget.get_context(field.html_name, field.value(), attrs)
    return engines["django"].from_string(DJANGOS_OWN).render(context).strip()


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_inline_options_write_what_the_option_templates_write(language):
    RegulatoryAreaFactory(key="a", name="Helselovgivningen", order=1)
    RegulatoryAreaFactory(key="b", name="Medisinsk utstyr", order=2)
    bound = Choices(data={"radio": "a", "boxes": ["2", "3"]})
    with translation.override(language):
        for field in [*Choices(), *bound, AskForm()["kind"], AskForm()["areas"]]:
            assert str(field) == through_option_templates(field), field.name
    # The comparison saw the states that matter: a group, a checked box, attributes.
    assert 'value="2" class="portal-boxes" data-x id="id_boxes_0_1" checked>' in str(bound["boxes"])
    assert "<div><label>Grupp</label>" in str(bound["boxes"])
