"""`{{ text|history_reason }}`: a recorded reason in the reader's language, its data marked with
its language (kiraad.history.reason_html)."""

from django import template
from django.utils.safestring import SafeString

from kiraad.history import reason_html

register = template.Library()


@register.filter
def history_reason(reason: str | None) -> SafeString:
    return reason_html(reason)
