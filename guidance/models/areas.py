"""Phases, topics and regulatory areas, and which agency answers for an area when."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kiraad.models import Agency


class Phase(models.TextChoices):
    """Phases of AI work, from idea/research to clinical use and evaluation (SEED-FACTS §7.4)."""

    IDEA_RESEARCH = "idea_research", _("idea and research")
    DEVELOPMENT = "development", _("development")
    TESTING = "testing", _("testing and validation")
    APPROVAL = "approval", _("approval and CE certification")
    PROCUREMENT = "procurement", _("procurement")
    IMPLEMENTATION = "implementation", _("implementation")
    CLINICAL_USE = "clinical_use", _("clinical use")
    EVALUATION = "evaluation", _("evaluation")


class Topic(models.TextChoices):
    """Topics of the knowledge base (SEED-FACTS §8)."""

    SECURITY = "security", _("security")
    PRIVACY = "privacy", _("privacy")
    CERTIFICATION = "certification", _("certification")
    CLINICAL_PRACTICE = "clinical_practice", _("good clinical practice")
    REGULATION = "regulation", _("regulation")
    COMPETENCE = "competence", _("competence")
    FINANCING = "financing", _("financing")
    STANDARDS = "standards", _("standards")
    DATA = "data", _("data and infrastructure")


class RegulatoryArea(models.Model):
    """A body of rules (health legislation, medical devices, GDPR…) with responsible agencies."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    # Guidance touching this area must be confirmed not to conflict with DMP's supervisory role.
    requires_dmp_confirmation = models.BooleanField(_("requires DMP confirmation"), default=False)
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("regulatory area")
        verbose_name_plural = _("regulatory areas")

    def __str__(self) -> str:
        return self.name


class AreaResponsibility(models.Model):
    """An agency's responsibility for an area over a validity period (E-helse → HDIR 2024)."""

    area = models.ForeignKey(
        RegulatoryArea,
        verbose_name=_("regulatory area"),
        on_delete=models.CASCADE,
        related_name="responsibilities",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="area_responsibilities",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["area", "valid_from"]
        verbose_name = _("area responsibility")
        verbose_name_plural = _("area responsibilities")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="area_responsibility_period_ordered",
                violation_error_message=_("The responsibility cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} - {self.agency}"
