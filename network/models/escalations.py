"""Networks, escalation categories and levels, and escalations to the council."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kiraad.meetings.models import AgendaItem
from kiraad.models import Agency

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
                violation_error_message=_("Each score is from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(priority_override__isnull=True) | ~Q(priority_override_reason=""),
                name="escalation_override_needs_reason",
                violation_error_message=_("Give a reason for overriding the priority."),
            ),
            models.CheckConstraint(
                condition=Q(answer_normative=False) | Q(responsible_agency__isnull=False),
                name="escalation_normative_needs_responsible_agency",
                violation_error_message=_("A normative answer needs a responsible agency."),
            ),
            models.CheckConstraint(
                condition=Q(priority_override__isnull=False, priority=models.F("priority_override"))
                | Q(priority_override__isnull=True, priority=models.F("computed_priority")),
                name="escalation_priority_is_effective",
                violation_error_message=_(
                    "The priority must be the overridden one, or the computed one when not "
                    "overridden."
                ),
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
            agency = self.responsible_agency
            if agency is None:
                raise ValidationError(
                    {"responsible_agency": _("A normative answer names the responsible agency.")}
                )
            if agency.kind == Agency.Kind.NETWORK:
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
