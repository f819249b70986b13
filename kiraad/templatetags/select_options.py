"""`{% select_options widget.optgroups %}`: a select's options (and option groups) written in
Python.

templates/django/forms/widgets/select.html wrote them with loops of its own (a group per option
when the choices have none, then the option's attributes, its value through `stringformat`,
`data_lang`): about 800 template variables for the measures filter's ~70 options, a quarter of
what that list costs to build when its page cache is cold. This writes the same markup,
character for character (tests/kiraad/test_select_options.py compares it with those loops).
"""

from django import template
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.safestring import SafeData, SafeString, mark_safe

from kiraad.templatetags.content_lang import data_lang

register = template.Library()


@register.simple_tag(takes_context=True)
def select_options(context: Context, optgroups: list[tuple[object, list[dict], int]]) -> SafeString:
    """Each option on its own line, `\\n  <option value="…"…>label</option>`, those of a named
    group inside `\\n  <optgroup label="…">` … `\\n  </optgroup>`."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, context)}">')
        for option in options:
            value = option["value"]
            parts.append(
                f'\n  <option value="{render_value_in_context(_as_text(value), context)}"'
                f"{data_lang(value)}{_attrs(context, option['attrs'])}>"
                f"{render_value_in_context(option['label'], context)}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 (every part escaped by render_value_in_context)


def _attrs(context: Context, attrs: dict[str, object]) -> str:
    """As templates/django/forms/widgets/attrs.html: ` name="value"`, ` name` for True, nothing
    for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + render_value_in_context(name, context))
        if value is not True:
            parts.append(f'="{render_value_in_context(_as_text(value), context)}"')
    return "".join(parts)


def _as_text(value: object) -> str:
    """What `{{ value|stringformat:'s' }}` gave: safe text stays safe (the filter is is_safe)."""
    text = "%s" % value  # noqa: UP031 (exactly the filter's conversion)
    return mark_safe(text) if isinstance(value, SafeData) else text  # noqa: S308
