"""Council meetings: the meeting, its agenda items, attendance, follow-up actions, documents,
minutes versions and calendar tokens.

They belong to the `kiraad` app (label and tables unchanged); kiraad/models.py imports them so
Django finds them. The core's models are named by string, so this module imports nothing of it.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Meeting(models.Model):
    """A meeting of a body, moved through planned → agenda published → held → minutes approved
    → closed (or cancelled before it is held); the moves are guarded in services.cycle."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        AGENDA_PUBLISHED = "agenda_published", _("agenda published")
        HELD = "held", _("held")
        MINUTES_APPROVED = "minutes_approved", _("minutes approved")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    # Not yet held: the agenda, time and place may still change.
    OPEN_STATUSES = (Status.PLANNED, Status.AGENDA_PUBLISHED)
    # Took place: outcomes and minutes belong to it.
    HELD_STATUSES = (Status.HELD, Status.MINUTES_APPROVED, Status.CLOSED)

    class Kind(models.TextChoices):
        MEETING = "meeting", _("meeting")
        WORKSHOP = "workshop", _("workshop")

    body = models.ForeignKey(
        "kiraad.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    number = models.CharField(_("number"), max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.MEETING)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    time_known = models.BooleanField(_("time of day known"), default=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("minutes approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes_approved_at_meeting = models.ForeignKey(
        "self",
        verbose_name=_("minutes approved at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes_of",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # Raised on every change members are told about, so calendars replace the event (RFC 5545).
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    source = models.CharField(_("source"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["body", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("The meeting cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.number or self.title

    def get_absolute_url(self) -> str:
        return reverse("kiraad:meeting-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Not yet held and not cancelled: time, place and agenda may change."""
        return self.status in self.OPEN_STATUSES

    @property
    def minutes_locked(self) -> bool:
        """Approved minutes (and the attendance, outcomes and documents they record) are locked."""
        return self.status in (self.Status.MINUTES_APPROVED, self.Status.CLOSED)


class AgendaItem(models.Model):
    """One item on a meeting's agenda and, once held, its outcome.

    Measures, escalations and guidance requests point here from their own apps, so the council
    core never imports them.
    """

    # The meeting page attaches each item's forms for its template (kiraad.meetings.views).
    outcome_form: Any
    action_form: Any
    edit_form: Any
    show_forms: bool
    linked: Any  # the records it concerns (kiraad.meetings.linking.linked_records)

    class Kind(models.TextChoices):
        INFORMATION = "orientering", _("information item (orienteringssak)")
        DISCUSSION = "drofting", _("discussion item (drøftingssak)")
        ADVICE = "rad", _("advice item (rådssak)")
        DECISION = "beslutning", _("decision item (beslutningssak)")

    class OutcomeKind(models.TextChoices):
        CONCLUSION = "conclusion", _("conclusion")
        ADVICE = "advice", _("advice to Helsedirektoratet")
        DECISION = "decision", _("decision")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    presenter_agency = models.ForeignKey(
        "kiraad.Agency",
        verbose_name=_("presenter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presented_items",
    )
    outcome_kind = models.CharField(
        _("outcome kind"), max_length=16, choices=OutcomeKind.choices, blank=True
    )
    outcome = models.TextField(_("outcome"), blank=True)
    raised_to_national_council = models.BooleanField(
        _("raised to the national e-health council model"), default=False
    )
    approves_minutes_of = models.ForeignKey(
        Meeting,
        verbose_name=_("approves the minutes of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval_items",
    )
    # The standing item «Oppfølgingspunkter fra tidligere møter», placed by the services
    # (follow_up_items_sync) while actions from the body's earlier meetings are open.
    carries_actions = models.BooleanField(_("follow-up of earlier meetings"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    """Whether an agency was present at a meeting."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ABSENT = "absent", _("absent")
        DEPUTY = "deputy", _("represented by deputy")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    agency = models.ForeignKey(
        "kiraad.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "agency"],
                name="attendance_unique",
                violation_error_message=_(
                    "The agency's attendance is already recorded for this meeting."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency}: {self.get_status_display()}"


class ActionItem(models.Model):
    """A follow-up action from a meeting, owned by an agency."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="action_items"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner_agency = models.ForeignKey(
        "kiraad.Agency",
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="action_items",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="open")
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        indexes = [models.Index(fields=["owner_agency", "status", "due_date"])]

    def __str__(self) -> str:
        return self.title


def _meeting_document_path(instance: "MeetingDocument", filename: str) -> str:
    return f"meetings/{instance.meeting_id}/{filename}"


class MeetingDocument(models.Model):
    """A document attached to a meeting or one of its agenda items (size and type checked)."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=_meeting_document_path)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The download, which checks who may see the meeting (uploads are not served as media)."""
        return reverse("kiraad:meeting-document-download", args=[self.pk])


class MinutesVersion(models.Model):
    """A version of a meeting's minutes; corrections after approval are new versions, marked as
    corrections, which go for approval at the next meeting. The approved version keeps who
    approved it, when and at which meeting."""

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        on_delete=models.CASCADE,
        related_name="minutes_versions",
    )
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("minutes"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    is_correction = models.BooleanField(_("correction of approved minutes"), default=False)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at_meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("approved at meeting"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["meeting", "version"]
        verbose_name = _("minutes version")
        verbose_name_plural = _("minutes versions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "version"],
                name="minutes_version_unique",
                violation_error_message=_("This version of the minutes already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} v{self.version}"


class CalendarToken(models.Model):
    """A personal, revocable token for a user's iCal feed; only its SHA-256 hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
