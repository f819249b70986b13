"""The council core: agencies, users, the council's bodies, mandates, memberships, status reports.

The meetings' models are in kiraad/meetings/models.py (imported at the end of this module)."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ContentLanguage(models.TextChoices):
    """The language a text is written in: pages mark such a text with `lang` (issue 21), so it
    is read right when the interface is in the other language."""

    NB = "nb", _("Norwegian Bokmål")
    EN = "en", _("English")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    SEASON = "season", _("season")
    HALF_YEAR = "half_year", _("half-year")
    YEAR = "year", _("year")


class Source(models.Model):
    """A real document the portal's data comes from (a mandate, a plan, a report…), which
    agencies, bodies, plans and measures cite by its title («Kilde»)."""

    class Kind(models.TextChoices):
        MANDATE = "mandate", _("mandate")
        PLAN = "plan", _("plan")
        WEB_PAGE = "web_page", _("web page")
        REPORT = "report", _("report")
        RECOMMENDATIONS = "recommendations", _("recommendations")
        LETTER = "letter", _("letter")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    date = models.DateField(_("date"), null=True, blank=True)
    date_precision = models.CharField(
        _("date precision"), max_length=16, choices=DatePrecision.choices, default="day"
    )
    sender = models.CharField(_("sender"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int | None:
        return self.date.year if self.date else None


class AgencyQuerySet(models.QuerySet):
    def current(self) -> "AgencyQuerySet":
        """Agencies that still exist: a dissolved agency is history, never a choice."""
        return self.filter(dissolved_on__isnull=True)


class Agency(models.Model):
    """An agency or organisation that owns measures, sits on a body or answers guidance.

    Mergers and renames are kept, not overwritten: a dissolved agency points to its successor,
    so history stays true («Direktoratet for e-helse» owned measures until 2024).
    """

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        DIRECTORATE = "directorate", _("directorate")
        SUPERVISORY_AUTHORITY = "supervisory_authority", _("supervisory authority")
        INSTITUTE = "institute", _("institute")
        REGIONAL_HEALTH_AUTHORITY = "regional_health_authority", _("regional health authority")
        MUNICIPAL_ASSOCIATION = "municipal_association", _("municipal sector organisation")
        NETWORK = "network", _("network")
        STATE_ENTERPRISE = "state_enterprise", _("state enterprise")
        COMMITTEE = "committee", _("committee")
        OTHER = "other", _("other")

    class ChangeKind(models.TextChoices):
        MERGER = "merger", _("merger")
        RENAME = "rename", _("rename")

    class Side(models.TextChoices):
        AUTHORITY = "authority", _("health authorities")
        SERVICE = "service", _("health and care services")
        NETWORK = "network", _("network")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    side = models.CharField(_("side"), max_length=16, choices=Side.choices, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    change_kind = models.CharField(
        _("change kind"), max_length=16, choices=ChangeKind.choices, blank=True
    )
    change_note = models.TextField(_("change note"), blank=True)
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(_("source"), max_length=100, blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="agencies"
    )
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(dissolved_on__isnull=False),
                name="agency_successor_needs_dissolution_date",
                violation_error_message=_("An agency with a successor needs a dissolution date."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | ~Q(successor=models.F("pk")),
                name="agency_not_its_own_successor",
                violation_error_message=_("An agency cannot be its own successor."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.successor_id is None:
            return
        if self.pk is not None and self.successor_id == self.pk:
            raise ValidationError({"successor": _("An agency cannot be its own successor.")})
        # Follow the chain of successors: it must not lead back here (a few rows at most).
        seen = {self.pk}
        successor = self.successor
        while successor is not None:
            if successor.pk in seen:
                raise ValidationError(
                    {"successor": _("The successors would go round in a circle.")}
                )
            seen.add(successor.pk)
            successor = successor.successor

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """A person who logs in. Agency representatives act on behalf of `agency`."""

    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    # The names of the user's role groups, read once per user object (kiraad.access).
    _role_cache: set[str]

    class Meta(AbstractUser.Meta):
        # django-stubs types AbstractUser.Meta's names as str; Django takes lazy text too.
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Commission(models.Model):
    """An assignment from the ministry (HOD) in an allocation letter (*oppdrag*)."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    reference_given = models.BooleanField(_("reference given in the letter"), default=True)
    year = models.PositiveSmallIntegerField(_("year"))
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="commissions"
    )
    hod_department = models.CharField(_("ministry department"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_precision = models.CharField(
        max_length=16, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "reference"]
        verbose_name = _("commission")
        verbose_name_plural = _("commissions")

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"


class BodyQuerySet(models.QuerySet):
    def current(self, on: datetime.date) -> "BodyQuerySet":
        """Bodies still active on `on`: an ended body gets no new meetings."""
        return self.filter(Q(active_to__isnull=True) | Q(active_to__gte=on))


class Body(models.Model):
    """A council body over time: KI-rådet, its predecessors and their sub-bodies."""

    # Filled by kiraad.selectors.predecessor_bodies for the council page (not a column).
    sub_bodies: list["Body"]

    class Kind(models.TextChoices):
        COUNCIL = "council", _("council")
        STEERING_GROUP = "steering_group", _("steering group")
        COORDINATION_GROUP = "coordination_group", _("coordination group")
        REFERENCE_GROUP = "reference_group", _("reference group")
        INTERIM_GROUP = "interim_group", _("interim group")
        SUB_PROJECT = "sub_project", _("sub-project")

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The council advises and does not decide; the predecessor's steering group decided.
    decides = models.BooleanField(_("makes decisions"), default=False)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_from_precision = models.CharField(
        _("precision of «active from»"),
        max_length=16,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    active_to = models.DateField(_("active to"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_bodies",
    )
    source = models.CharField(_("source"), max_length=100, blank=True)
    sources = models.ManyToManyField(
        Source, verbose_name=_("sources"), blank=True, related_name="bodies"
    )
    history = HistoricalRecords()

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["-active_from", "name"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")

    def __str__(self) -> str:
        return self.short_name or self.name


# The meetings' models live in kiraad/meetings/ and keep this app's label and tables. Imported
# here so Django registers them with the app, and so `kiraad.models.Meeting` (used by the apps and
# by migration 0002's upload_to path) keeps working.
# The request guards' tables (throttle fallback counters, create-form keys): same app label.
from kiraad.guard_models import IdempotencyKey, ThrottleCounter  # noqa: E402, F401
from kiraad.meetings.models import (  # noqa: E402, F401
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarToken,
    Meeting,
    MeetingDocument,
    MinutesVersion,
    _meeting_document_path,
)

# Mandates and memberships live in kiraad/membership_models.py; the HOD status report with its
# rendering in kiraad/reports/ (same app label and tables).
from kiraad.membership_models import Mandate, Membership, Representative  # noqa: E402, F401
from kiraad.reports.models import StatusReport  # noqa: E402, F401
