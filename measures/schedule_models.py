"""When the measures are due and reported on: a measure's milestones and a plan's reporting
rounds.

They belong to the `measures` app (labels and tables unchanged); measures/models.py imports them
so Django finds them, and `measures.models.Milestone` and `ReportingRound` keep working.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from measures.models import Measure, Plan


class Milestone(models.Model):
    """A milestone of a measure: a date, or an indicative condition («når pandemien tillater»)."""

    class Kind(models.TextChoices):
        DATE = "date", _("on a date")
        FINISH_BY = "finish_by", _("finish by")
        START_BY = "start_by", _("start by")
        START_WHEN = "start_when", _("start when")

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="milestones"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DATE)
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    indicative_deadline = models.CharField(_("indicative deadline"), max_length=300, blank=True)
    responsible = models.CharField(_("responsible"), max_length=200, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "order", "due_date", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "title"],
                name="milestone_unique_title",
                violation_error_message=_("The measure already has a milestone with this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReportingRound(models.Model):
    """A reporting round of a plan: owners post an update between `opens_on` and `due_on`."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="rounds"
    )
    name = models.CharField(_("name"), max_length=100)
    opens_on = models.DateField(_("opens"))
    due_on = models.DateField(_("due"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "-opens_on"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="round_name_unique",
                violation_error_message=_("The plan already has a reporting round with this name."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("opens_on")),
                name="round_due_after_opening",
                violation_error_message=_("The deadline cannot come before the round opens."),
            ),
        ]
        indexes = [models.Index(fields=["opens_on", "due_on"], name="round_dates")]

    def __str__(self) -> str:
        return f"{self.plan}: {self.name}"
