"""`{{ text|history_reason }}`: a recorded reason in the reader's language (kiraad.history)."""

from django import template

from kiraad.history import reason_display

register = template.Library()


@register.filter
def history_reason(reason: str | None) -> str:
    return reason_display(reason)
