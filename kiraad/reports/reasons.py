"""Why a status report changed, as its history records it (see kiraad.history)."""

from django.utils.translation import gettext_noop

from kiraad.history import SystemReason

ORDERED = SystemReason("reports.ordered", gettext_noop("Status report ordered"))
RENDERING = SystemReason(
    "reports.rendering", gettext_noop("Rendering, attempt %(attempt)s"), codes=("attempt",)
)
FAILED = SystemReason("reports.failed", gettext_noop("Rendering failed"))
RENDERED = SystemReason("reports.rendered", gettext_noop("Rendered"))
RETRY_ORDERED = SystemReason("reports.retry_ordered", gettext_noop("Retry ordered"))
