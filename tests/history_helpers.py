"""Reading a history row's reason in tests, as a person reading the page in English would."""

from django.utils import translation

from kiraad.history import reason_display


def reason_en(record) -> str:
    """The row's recorded reason, shown in English."""
    with translation.override("en"):
        return reason_display(record.history_change_reason)
