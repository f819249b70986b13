"""`{% form_key %}`: the create form's one-time key (kiraad/idempotency.py). A form shown again
after an error keeps the key it was posted with."""

from django import template
from django.utils.html import format_html

from kiraad import idempotency

register = template.Library()


@register.simple_tag(takes_context=True)
def form_key(context) -> str:
    request = context.get("request")
    key = (request and idempotency.posted_key(request)) or idempotency.new_key()
    return format_html('<input type="hidden" name="{}" value="{}">', idempotency.FIELD, key)
