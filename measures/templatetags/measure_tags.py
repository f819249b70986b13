"""The status and health tags, as a tag rather than an include: the list shows fifty of them."""

from django import template
from django.utils.html import format_html

from measures.models import Health, Status, status_label

register = template.Library()

STATUS_COLORS: dict[str, str] = {
    Status.COMPLETED: "success",
    Status.CANCELLED: "neutral",
    Status.MERGED: "neutral",
    Status.PAUSED: "warning",
}
HEALTH_COLORS: dict[str, str] = {
    Health.ON_TRACK: "success",
    Health.AT_RISK: "warning",
    Health.OFF_TRACK: "danger",
}


@register.simple_tag
def status_tags(status: str, health: str = "", reported: object = True) -> str:
    """`<span class="ds-tag">` for the status, and one for the health when it is known.

    `reported` is false (e.g. the measure's empty latest_update_id) when nobody has reported.
    """
    html = format_html(
        '<span class="ds-tag" data-color="{}">{}</span>',
        STATUS_COLORS.get(status, "info"),
        status_label(status, reported=bool(reported)),
    )
    if health:
        html += format_html(
            ' <span class="ds-tag" data-color="{}">{}</span>',
            HEALTH_COLORS.get(health, "neutral"),
            _label(Health, health),
        )
    return html


def _label(choices, value: str) -> str:
    try:
        return choices(value).label
    except ValueError:  # a value no longer among the choices is shown as stored
        return value
