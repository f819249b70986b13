"""Every select is drawn by `{% select_options %}` (kiraad/templatetags/select_options.py),
which must write what the template's own loops wrote, character for character: the value
through `stringformat`, `data_lang`, the option's attributes, the label, and option groups."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe

from kiraad.models import Agency
from tests.factories import AgencyFactory

# templates/django/forms/widgets/select.html's loops before the tag replaced them.
LOOPS = Template(
    "{% load content_lang %}"
    "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
    '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
    "  <option value=\"{{ option.value|stringformat:'s' }}\"{% data_lang option.value %}"
    "{% for name, value in option.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
    "{% endfor %}>{{ option.label }}</option>{% endfor %}{% if group_name %}\n"
    "  </optgroup>{% endif %}{% endfor %}"
)
TAG = Template("{% load select_options %}{% select_options widget.optgroups %}")


class MarkedSelect(forms.Select):
    """Options with attributes of every kind: a string, a number, True, False."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"].update({"data-x": 'a"<b>', "data-n": 3, "data-on": True, "hidden": False})
        return option


def _both(field: forms.Field, value: object) -> tuple[str, str]:
    widget = field.widget.get_context("f", field.prepare_value(value), {"id": "id_f"})["widget"]
    return LOOPS.render(Context({"widget": widget})), TAG.render(Context({"widget": widget}))


CHOICES = [
    ("", "---------"),
    ("a&b", "A & <b>"),
    (mark_safe("s&amp;"), mark_safe("<em>safe</em>")),
    (2, 2),
    ("Group <1>", [("x", "Ex"), ("y", "Why")]),
    ("z", "Zed"),
]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (forms.ChoiceField(choices=CHOICES), "a&b"),
        (forms.ChoiceField(choices=CHOICES), "y"),
        (forms.ChoiceField(choices=CHOICES, widget=MarkedSelect), "z"),
        (forms.MultipleChoiceField(choices=CHOICES), ["x", "z", "2"]),
        (forms.NullBooleanField(), None),
        (forms.NullBooleanField(), True),
        (forms.TypedChoiceField(choices=[(1, "1"), (2, "2")], coerce=int), 2),
    ],
)
@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_tag_writes_what_the_loops_wrote(field, value, language):
    with translation.override(language):
        loops, tag = _both(field, value)
    assert tag == loops
    assert "<option" in tag


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nb", "en"])
def test_choices_from_the_database_keep_their_language_mark(language):
    AgencyFactory(name="Helse & omsorg <sør>")
    picked = AgencyFactory(name="Direktoratet")
    field = forms.ModelChoiceField(queryset=Agency.objects.order_by("name"))
    with translation.override(language):
        loops, tag = _both(field, picked.pk)
    assert tag == loops
    assert ('lang="nb"' in tag) is (language == "en")
    assert "Helse &amp; omsorg &lt;sør&gt;" in tag
