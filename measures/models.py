"""Models of the measures app: the joint plans' measures, their owners and their status log."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from kiraad.models import Agency, AgendaItem, Commission, Source


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    COMPLETED = "completed", _("completed")
    PAUSED = "paused", _("paused")
    CANCELLED = "cancelled", _("cancelled")
    MERGED = "merged", _("merged")


def status_label(status: str, *, reported: bool) -> str:
    """The status as readers see it: a measure nobody has reported on is «not reported», not
    «not started» (the plans gave no status; «not started» is only the stored default)."""
    if not reported and status == Status.NOT_STARTED:
        return str(_("not reported"))
    try:
        return str(Status(status).label)
    except ValueError:  # a value no longer among the choices is shown as stored
        return status


# A measure in one of these states still needs work and reporting.
OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.PAUSED)
# An agency's successor takes these over; done and cancelled measures keep their owners.
# Folded (merged) measures move too: their work goes on inside the target.
SUCCESSION_STATUSES = (*OPEN_STATUSES, Status.MERGED)


class Health(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")
    UNKNOWN = "unknown", _("unknown")


class Plan(models.Model):
    """A joint plan: «Felles plan for kunstig intelligens 2020», «Anbefalinger 2021», …"""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    commissions = models.ManyToManyField(
        Commission, verbose_name=_("commissions answered"), blank=True, related_name="plans"
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="%(class)ss"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["year", "key"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.short_name or self.title

    def get_absolute_url(self) -> str:
        return reverse("measures:plan-detail", args=[self.pk])


class Measure(models.Model):
    """A prioritised measure of a plan, owned by one or more agencies.

    Status, progress and health are copies of the latest status update (the log is the truth;
    the copies make filtering cheap). They change only through `measure_post_status`.
    """

    class Kind(models.TextChoices):
        TILTAK = "tiltak", _("measure (tiltak)")
        UTREDNING = "utredning", _("study (utredning)")
        ANBEFALING = "anbefaling", _("recommendation (anbefaling)")

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="measures"
    )
    number = models.CharField(_("number"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    priority = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)
    area = models.CharField(_("area"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    source_text = models.TextField(_("source text"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_measures",
    )
    merged_into_external = models.CharField(
        _("merged into (work outside the plan)"), max_length=300, blank=True
    )
    responsible_text = models.CharField(
        _("responsible, as the plan puts it"), max_length=300, blank=True
    )
    indicative_deadline = models.CharField(_("indicative deadline"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    outcome_note = models.TextField(_("outcome"), blank=True)
    note = models.TextField(_("note"), blank=True)
    # The seeds' notes on their sources are written in English; the page marks the note with
    # this language so it is read right on a Norwegian page (issue 21).
    note_language = models.CharField(
        _("language of the note"),
        max_length=5,
        choices=[("nb", _("Norwegian Bokmål")), ("en", _("English"))],
        default="nb",
    )
    commissions = models.ManyToManyField(
        Commission, verbose_name=_("commissions answered"), blank=True, related_name="measures"
    )
    agenda_items = models.ManyToManyField(
        AgendaItem, verbose_name=_("agenda items"), blank=True, related_name="measures"
    )
    latest_update = models.ForeignKey(
        "StatusUpdate",
        verbose_name=_("latest update"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    health = models.CharField(
        _("health"), max_length=16, choices=Health.choices, default=Health.UNKNOWN
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="%(class)ss"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan__year", "plan__key", "order", "number"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        default_permissions = ("add", "change", "delete", "view")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="measure_number_unique",
                violation_error_message=_("The plan already has a measure with this number."),
            ),
            models.CheckConstraint(
                condition=Q(priority__isnull=True) | Q(priority__gte=1, priority__lte=3),
                name="measure_priority_1_to_3",
                violation_error_message=_("The priority is 1, 2 or 3."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="measure_progress_percent",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | Q(merged_into_external=""),
                name="measure_one_merge_target",
                violation_error_message=_(
                    "A measure is folded into a measure or into work outside the plan, not both."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "health"], name="measure_status_health"),
            models.Index(fields=["priority"], name="measure_priority"),
            models.Index(fields=["area"], name="measure_area"),
            models.Index(fields=["kind"], name="measure_kind"),
            models.Index(fields=["due_date"], name="measure_due_date"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("measures:measure-detail", args=[self.pk])

    def clean(self) -> None:
        if self.merged_into_id is not None and self.merged_into_id == self.pk:
            raise ValidationError({"merged_into": _("A measure cannot be merged into itself.")})

    @property
    def status_label(self) -> str:
        return status_label(self.status, reported=self.latest_update_id is not None)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MeasureUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key object permissions of users on measures (guardian)."""

    content_object = models.ForeignKey(Measure, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        abstract = False


class MeasureGroupObjectPermission(GroupObjectPermissionBase):
    """Direct foreign-key object permissions of (agency) groups on measures (guardian)."""

    content_object = models.ForeignKey(Measure, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False


class MeasureOwner(models.Model):
    """An agency that owns a measure. At most one owner is the lead; joint ownership is real."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="owners"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="owned_measures"
    )
    is_lead = models.BooleanField(_("lead"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_lead", "agency__name"]
        verbose_name = _("measure owner")
        verbose_name_plural = _("measure owners")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "agency"],
                name="measure_owner_unique",
                violation_error_message=_("The agency already owns this measure."),
            ),
            models.UniqueConstraint(
                fields=["measure"],
                condition=Q(is_lead=True),
                name="measure_one_lead",
                violation_error_message=_("A measure has at most one lead owner."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.measure_id}"


class AppendOnlyError(Exception):
    """Status updates are never edited or deleted."""


class StatusUpdateQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Status updates are append-only.")

    def delete(self):
        raise AppendOnlyError("Status updates are append-only.")


class StatusUpdate(models.Model):
    """One report on a measure by an owning agency. Append-only: never edited, never deleted."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure_updates",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measure_updates",
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    health = models.CharField(_("health"), max_length=16, choices=Health.choices)
    done = models.TextField(_("what was done"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    blockers = models.TextField(_("blockers"), blank=True)

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        indexes = [models.Index(fields=["measure", "-created_at"], name="update_measure_time")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="update_progress_percent",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id}: {self.get_status_display()} {self.progress} %"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Status updates are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Status updates are append-only.")


# Milestones and reporting rounds live in measures/schedule_models.py (labels and tables
# unchanged); imported here so Django finds them and `measures.models.Milestone` keeps working.
from measures.schedule_models import Milestone, ReportingRound  # noqa: E402, F401
