"""Celery task discovery for kiraad."""

from kiraad.reports.tasks import render_report, sweep_reports  # noqa: F401
