"""The register of AI in patient care: deployments and the experience reported with them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kiraad.models import Agency, ContentLanguage


class AIDeployment(models.Model):
    """An AI system used in patient care, reported to the register by a health trust or the
    network at the latest when implementation is decided («senest ved besluttet
    gjennomføringsfase»). Fields in PUBLIC_FIELDS form the public register; the rest is
    internal.
    """

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

    class Publication(models.TextChoices):
        DRAFT = "draft", _("draft (not public)")
        PUBLISHED = "published", _("published")
        WITHDRAWN = "withdrawn", _("withdrawn")

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
    # The language its free text (system, intended use) is reported in: templates mark it with
    # `lang` (issue 21).
    language = models.CharField(
        _("language"), max_length=5, choices=ContentLanguage.choices, default=ContentLanguage.NB
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
    # Public only once someone other than its author, with the review right, has published it;
    # a change to a public field makes it a draft again until reviewed.
    publication = models.CharField(
        _("publication"),
        max_length=16,
        choices=Publication.choices,
        default=Publication.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # «Sist endret» on the public pages: when the public version last changed (published or
    # withdrawn).
    public_changed_at = models.DateTimeField(_("last changed"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal (public)"), blank=True)
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
        if contradiction := self.contradiction():
            raise ValidationError({"mdr_risk_class": contradiction})

    def contradiction(self) -> str:
        """Why the regulatory fields contradict each other, or ""."""
        S, R = self.RegulatoryStatus, self.RiskClass
        has_class = self.mdr_risk_class not in ("", R.NOT_APPLICABLE)
        if self.regulatory_status == S.NOT_DEVICE and has_class:
            return str(_("Not a medical device cannot have an MDR risk class."))
        if self.regulatory_status == S.CE_MDR and self.mdr_risk_class == R.NOT_APPLICABLE:
            return str(_("A device CE marked under MDR has a risk class, not «not applicable»."))
        return ""

    @property
    def is_public(self) -> bool:
        return self.publication == self.Publication.PUBLISHED


# What each public field means, for the public page that defines them (/register/fields/).
PUBLIC_FIELD_DEFINITIONS = {
    "system": _("The name of the AI system or model, as the health trust uses it."),
    "vendor": _("Who makes or supplies the system; empty for a system made in-house."),
    "health_trust": _("The health trust (helseforetak) that uses the system."),
    "region": _("The regional health authority the health trust belongs to."),
    "clinical_area": _("The part of patient care the system is used in."),
    "intended_use": _("What the health trust uses the system for, in its own words."),
    "intended_use_statement": _(
        "The manufacturer's intended purpose, as stated in the documentation."
    ),
    "phase": _(
        "Pilot, implementation decided, in operation or discontinued. Systems are reported at "
        "the latest when implementation is decided."
    ),
    "regulatory_status": _(
        "Whether the system is CE marked as a medical device (under MDR or the older directive), "
        "under conformity assessment, made in-house under MDR article 5(5), not a medical "
        "device, or not clarified."
    ),
    "mdr_risk_class": _(
        "The medical device risk class under MDR (I, IIa, IIb, III). A system that is not a "
        "medical device has none."
    ),
    "parent": _("The platform that hosts this model, if any."),
    "public_changed_at": _(
        "When the public version of the entry last changed: published after review, or "
        "withdrawn. Entries are public only after someone other than their author has "
        "reviewed them; a withdrawn entry shows why."
    ),
}


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
