"""The competence network: escalations to the council and the register of AI in patient care."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kiraad.models import Agency, AgendaItem

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Network(models.Model):
    """A competence network that raises issues to the council (KIN and possibly others).

    The network is also an `Agency` (kind «network») so its coordinators act for it; the
    network row holds what only a network has.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    agency = models.OneToOneField(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="network",
    )
    description = models.TextField(_("description"), blank=True)
    owned_by_note = models.TextField(_("ownership"), blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class EscalationCategory(models.Model):
    """A kind of issue a network raises, from the regional health authorities' note."""

    class Group(models.TextChoices):
        TASK = "task", _("task for the network")
        SECOND_LINE = "second_line", _("second-line case type")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    group = models.CharField(_("group"), max_length=16, choices=Group.choices, default=Group.TASK)
    # From the note: report, question, need, discussion or case_type. «report» categories are
    # reports to the register (use, benefit, cost), not issues to escalate.
    kind = models.CharField(_("kind"), max_length=32, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "order", "name"]
        verbose_name = _("escalation category")
        verbose_name_plural = _("escalation categories")

    def __str__(self) -> str:
        return self.name


class EscalationLevel(models.Model):
    """The level an escalation asks for: the council, the information page's owners, the
    responsible agency, the national e-health council model, or a higher level (law)."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("escalation level")
        verbose_name_plural = _("escalation levels")

    def __str__(self) -> str:
        return self.name


class Priority(models.IntegerChoices):
    HIGH = 1, _("1 – high")
    MEDIUM = 2, _("2 – medium")
    LOW = 3, _("3 – low")


class Escalation(models.Model):
    """An issue a network raises to the council, and the answer the council sends back.

    The priority is computed from three scores (severity, resources, benefit) by the rule in
    `network.priority`; the secretariat may override it, but only with a recorded reason.
    Advice from the network is never normative: a normative answer names the responsible
    agency whose product it is.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        RAISED = "raised", _("raised")
        AWAITING_COUNCIL = "awaiting_council", _("awaiting the council")
        ON_AGENDA = "on_agenda", _("on the agenda")
        ANSWERED = "answered", _("answered")
        SENT_BACK = "sent_back", _("sent back to the network")
        CLOSED = "closed", _("closed")

    WAITING_STATUSES = (Status.RAISED, Status.AWAITING_COUNCIL)
    OPEN_STATUSES = (
        Status.DRAFT,
        Status.RAISED,
        Status.AWAITING_COUNCIL,
        Status.ON_AGENDA,
        Status.ANSWERED,
    )

    network = models.ForeignKey(
        Network, verbose_name=_("network"), on_delete=models.PROTECT, related_name="escalations"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="escalations_raised",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        EscalationCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    severity = models.PositiveSmallIntegerField(_("severity"), validators=SCORE_VALIDATORS)
    resources = models.PositiveSmallIntegerField(_("resources"), validators=SCORE_VALIDATORS)
    benefit = models.PositiveSmallIntegerField(_("benefit"), validators=SCORE_VALIDATORS)
    computed_priority = models.PositiveSmallIntegerField(
        _("computed priority"), choices=Priority.choices
    )
    priority_override = models.PositiveSmallIntegerField(
        _("priority override"), choices=Priority.choices, null=True, blank=True
    )
    priority_override_reason = models.TextField(_("reason for the override"), blank=True)
    # The effective priority, kept in step by the services so lists can sort by an index.
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    assessment = models.TextField(_("joint assessment"), blank=True)
    target_level = models.ForeignKey(
        EscalationLevel,
        verbose_name=_("target level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RAISED
    )
    raised_at = models.DateTimeField(_("raised"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
    )
    council_response = models.TextField(_("council response"), blank=True)
    answer_normative = models.BooleanField(_("normative answer"), default=False)
    responsible_agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalations_responsible",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    sent_back_at = models.DateTimeField(_("sent back"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["priority", "raised_at", "pk"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [models.Index(fields=["status", "priority", "raised_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=5)
                & Q(resources__gte=1, resources__lte=5)
                & Q(benefit__gte=1, benefit__lte=5),
                name="escalation_scores_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(priority_override__isnull=True) | ~Q(priority_override_reason=""),
                name="escalation_override_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(answer_normative=False) | Q(responsible_agency__isnull=False),
                name="escalation_normative_needs_responsible_agency",
            ),
            models.CheckConstraint(
                condition=Q(priority_override__isnull=False, priority=models.F("priority_override"))
                | Q(priority_override__isnull=True, priority=models.F("computed_priority")),
                name="escalation_priority_is_effective",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:escalation-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.answer_normative:
            # Advice from the network is never normative; a normative answer is a product
            # of the agency responsible for the area.
            if self.responsible_agency_id is None:
                raise ValidationError(
                    {"responsible_agency": _("A normative answer names the responsible agency.")}
                )
            if self.responsible_agency.kind == Agency.Kind.NETWORK:
                raise ValidationError(
                    {"answer_normative": _("Advice from a network is never normative.")}
                )
        if self.priority_override is not None and not self.priority_override_reason.strip():
            raise ValidationError(
                {"priority_override_reason": _("Give a reason for overriding the priority.")}
            )

    @property
    def is_overridden(self) -> bool:
        return self.priority_override is not None


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
