"""The HOD status report: its state, who ordered it, the PDF and its checksum.

It belongs to the `kiraad` app (label and table unchanged); kiraad/models.py imports it so
Django finds it, and `kiraad.models.StatusReport` keeps working.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kiraad.models import Commission


class StatusReport(models.Model):
    """A status report to the ministry (HOD), built from history as of `as_of`."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RENDERING = "rendering", _("rendering")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    title = models.CharField(_("title"), max_length=300)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    as_of = models.DateTimeField(_("as of"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.QUEUED)
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ordered by"),
        on_delete=models.PROTECT,
        related_name="status_reports",
    )
    requested_at = models.DateTimeField(_("ordered"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    commissions = models.ManyToManyField(
        Commission, verbose_name=_("commissions answered"), blank=True, related_name="reports"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="report_period_ordered",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
