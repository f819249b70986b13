"""Guidance meetings with a community, and the gaps in the guidance they and requests reveal."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guidance.models.areas import Phase, RegulatoryArea
from guidance.models.requests import GuidanceRequest
from kiraad.models import Agency


class GuidanceMeeting(models.Model):
    """The agencies meet a community (centre, cluster, health trust) on several rules at once."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=300)
    community = models.CharField(_("community"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    phase = models.CharField(
        _("phase of the AI work"), max_length=20, choices=Phase.choices, blank=True
    )
    invited_agencies = models.ManyToManyField(
        Agency, verbose_name=_("invited agencies"), blank=True, related_name="guidance_meetings"
    )
    areas = models.ManyToManyField(
        RegulatoryArea, verbose_name=_("regulatory areas"), blank=True, related_name="meetings"
    )
    decision_makers = models.TextField(_("decision-makers present"), blank=True)
    topics = models.TextField(_("topics and regulations covered"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    follow_ups = models.TextField(_("follow-ups"), blank=True)
    unclear_rules = models.TextField(_("rules that proved unclear"), blank=True)
    request = models.ForeignKey(
        GuidanceRequest,
        verbose_name=_("request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("guidance meeting")
        verbose_name_plural = _("guidance meetings")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("guidance:meeting-detail", args=[self.pk])


class Gap(models.Model):
    """A rule that proved unclear: guidance that is needed but does not exist yet."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        ADDRESSED = "addressed", _("addressed")

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    area = models.ForeignKey(
        RegulatoryArea,
        verbose_name=_("regulatory area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gaps",
    )
    phase = models.CharField(
        _("phase of the AI work"), max_length=20, choices=Phase.choices, blank=True
    )
    responsible_agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guidance_gaps",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="open")
    request = models.ForeignKey(
        GuidanceRequest,
        verbose_name=_("guidance request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gaps",
    )
    meeting = models.ForeignKey(
        GuidanceMeeting,
        verbose_name=_("guidance meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gaps",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # A theme raised to the council as an agenda item.
    agenda_item = models.ForeignKey(
        "kiraad.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidance_gaps",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = _("knowledge gap")
        verbose_name_plural = _("knowledge gaps")

    def __str__(self) -> str:
        return self.title
