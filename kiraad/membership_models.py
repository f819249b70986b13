"""The council's terms of reference over time and who sits on it: mandates, memberships and
the named representatives.

They belong to the `kiraad` app (labels and tables unchanged); kiraad/models.py imports them so
Django finds them, and `kiraad.models.Mandate` and the others keep working.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from kiraad.models import Agency, Body, DatePrecision


class Mandate(models.Model):
    """A body's terms of reference. A new version is a new row; earlier ones stay as history."""

    class Status(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        PROPOSAL = "proposal", _("proposal")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="mandates"
    )
    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ADOPTED
    )
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    tasks = models.TextField(_("tasks and responsibilities"), blank=True)
    composition = models.TextField(_("composition"), blank=True)
    term_start = models.DateField(_("term start"), null=True, blank=True)
    term_start_precision = models.CharField(
        max_length=16, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    term_end = models.DateField(_("term end"), null=True, blank=True)
    evaluation_due = models.DateField(_("evaluation due"), null=True, blank=True)
    meetings_per_half_year_min = models.PositiveSmallIntegerField(
        _("meetings per half-year, at least"), null=True, blank=True
    )
    meetings_per_half_year_max = models.PositiveSmallIntegerField(
        _("meetings per half-year, at most"), null=True, blank=True
    )
    # Only where the mandate says so: the meeting page shows whether enough members are there.
    quorum = models.PositiveSmallIntegerField(
        _("quorum (members present)"),
        null=True,
        blank=True,
        help_text=_("How many member agencies must be present; empty if the mandate is silent."),
    )
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_mandates",
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-term_start"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True)
                | Q(term_start__isnull=True)
                | Q(term_end__gte=models.F("term_start")),
                name="mandate_term_ends_after_start",
                violation_error_message=_("The term cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(meetings_per_half_year_max__isnull=True)
                | Q(meetings_per_half_year_min__isnull=True)
                | Q(meetings_per_half_year_max__gte=models.F("meetings_per_half_year_min")),
                name="mandate_meeting_target_ordered",
                violation_error_message=_(
                    "The highest number of meetings cannot be lower than the lowest."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    """An agency's seat on a body under one mandate, with its role and term."""

    class Role(models.TextChoices):
        LEAD = "lead", pgettext_lazy("role on a body", "lead")
        MEMBER = "member", _("member")
        OBSERVER = "observer", _("observer")

    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.PROTECT, related_name="memberships"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    start = models.DateField(_("from"), null=True, blank=True)
    start_precision = models.CharField(
        max_length=16, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    end = models.DateField(_("to"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "agency__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "agency"],
                name="membership_unique",
                violation_error_message=_(
                    "The agency already has a membership under this mandate."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
                violation_error_message=_("The membership cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.mandate}"


class Representative(models.Model):
    """A named person who represents an agency's membership, or stands in as deputy."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.CASCADE,
        related_name="representatives",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="representations",
    )
    is_deputy = models.BooleanField(_("deputy"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["is_deputy", "user__last_name"]
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "user"],
                name="representative_unique",
                violation_error_message=_("The person already represents this membership."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)
