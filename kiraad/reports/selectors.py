"""Reads for the status report pages."""

from django.db.models import QuerySet

from kiraad.models import StatusReport


def report_list() -> QuerySet[StatusReport]:
    """Every report, newest order first, with who ordered it."""
    return StatusReport.objects.select_related("requested_by").order_by("-requested_at", "-pk")
