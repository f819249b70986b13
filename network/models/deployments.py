"""The register of AI in patient care: deployments and the experience reported with them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kiraad.models import Agency


class AIDeployment(models.Model):
    """An AI system used in patient care, reported to the register by a health trust or the
    network at the latest when implementation is decided («senest ved besluttet
    gjennomføringsfase»). Fields in PUBLIC_FIELDS form the public register; the rest is
    internal.
    """

    # The language its free text (system, intended use) is reported in; templates mark it with
    # `lang` (issue 21). Reports come from Norwegian health trusts, in Norwegian bokmål.
    language = "nb"

    class Region(models.TextChoices):
        HSO = "HSØ", _("Helse Sør-Øst")
        HV = "HV", _("Helse Vest")
        HMN = "HMN", _("Helse Midt-Norge")
        HN = "HN", _("Helse Nord")

    class Phase(models.TextChoices):
        PILOT = "pilot", _("pilot")
        DECIDED = "implementation_decided", _("implementation decided")
        IN_OPERATION = "in_operation", _("in operation")
        DISCONTINUED = "discontinued", _("discontinued")

    class ClinicalArea(models.TextChoices):
        RADIOLOGY = "radiology", _("radiology")
        PATHOLOGY = "pathology", _("pathology")
        CARDIOLOGY = "cardiology", _("cardiology")
        EMERGENCY = "emergency", _("emergency medicine")
        ONCOLOGY = "oncology", _("oncology")
        OPHTHALMOLOGY = "ophthalmology", _("ophthalmology")
        DERMATOLOGY = "dermatology", _("dermatology")
        LABORATORY = "laboratory", _("laboratory medicine")
        MENTAL_HEALTH = "mental_health", _("mental health")
        PRIMARY_CARE = "primary_care", _("primary care")
        ADMINISTRATION = "administration", _("clinical administration")
        OTHER = "other", _("other")

    class RegulatoryStatus(models.TextChoices):
        CE_MDR = "ce_mdr", _("CE marked under MDR")
        CE_MDD = "ce_mdd", _("CE marked under the older directive (MDD)")
        IN_ASSESSMENT = "in_assessment", _("conformity assessment in progress")
        IN_HOUSE = "in_house", _("in-house device (MDR article 5(5))")
        NOT_DEVICE = "not_device", _("not a medical device")
        UNKNOWN = "unknown", _("not clarified")

    class RiskClass(models.TextChoices):
        I = "I", _("class I")  # noqa: E741
        IIA = "IIa", _("class IIa")
        IIB = "IIb", _("class IIb")
        III = "III", _("class III")
        NOT_APPLICABLE = "n/a", _("not applicable")

    # The public tier. Everything else (notes, contact, reporter) stays internal.
    PUBLIC_FIELDS = (
        "system",
        "vendor",
        "health_trust",
        "region",
        "clinical_area",
        "intended_use",
        "intended_use_statement",
        "phase",
        "regulatory_status",
        "mdr_risk_class",
        "parent",
    )

    system = models.CharField(_("system"), max_length=200)
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    health_trust = models.CharField(_("health trust"), max_length=200)
    reporting_agency = models.ForeignKey(
        Agency,
        verbose_name=_("reporting agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ai_deployments",
    )
    region = models.CharField(_("region"), max_length=8, choices=Region.choices)
    clinical_area = models.CharField(
        _("clinical area"), max_length=32, choices=ClinicalArea.choices
    )
    intended_use = models.TextField(_("intended use"))
    intended_use_statement = models.TextField(
        _("intended-use statement"),
        blank=True,
        help_text=_("The manufacturer's intended purpose, as stated in the documentation."),
    )
    phase = models.CharField(_("phase"), max_length=32, choices=Phase.choices)
    regulatory_status = models.CharField(
        _("CE marking / regulatory status"),
        max_length=20,
        choices=RegulatoryStatus.choices,
        default=RegulatoryStatus.UNKNOWN,
    )
    mdr_risk_class = models.CharField(
        _("MDR risk class"), max_length=8, choices=RiskClass.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("platform"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted",
        help_text=_("The platform that hosts this model, if any."),
    )
    benefit_notes = models.TextField(_("benefit notes"), blank=True)
    cost_notes = models.TextField(_("cost notes"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="ai_deployments_reported",
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["system", "health_trust", "pk"]
        verbose_name = _("AI system in patient care")
        verbose_name_plural = _("AI systems in patient care")
        indexes = [
            models.Index(fields=["clinical_area"]),
            models.Index(fields=["phase"]),
            models.Index(fields=["region"]),
        ]

    def __str__(self) -> str:
        return f"{self.system} ({self.health_trust})"

    def get_absolute_url(self) -> str:
        return reverse("network:deployment-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An entry cannot be its own platform.")})


class DeploymentExperience(models.Model):
    """A later report of benefit or cost experience with a registered AI system (internal)."""

    class Kind(models.TextChoices):
        BENEFIT = "benefit", _("benefit")
        COST = "cost", _("cost")
        BOTH = "both", _("benefit and cost")

    deployment = models.ForeignKey(
        AIDeployment,
        verbose_name=_("AI system"),
        on_delete=models.CASCADE,
        related_name="experiences",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=100, blank=True)
    summary = models.TextField(_("experience"))
    benefit_realisation_plan = models.TextField(_("benefit realisation plan"), blank=True)
    cost_establishment = models.TextField(_("cost of establishment"), blank=True)
    cost_operation = models.TextField(_("cost of operation"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.PROTECT,
        related_name="deployment_experiences",
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("experience report")
        verbose_name_plural = _("experience reports")

    def __str__(self) -> str:
        return f"{self.deployment.system}: {self.get_kind_display()}"
