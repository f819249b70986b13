"""A guidance request from the public, its private tracking links, the agencies' assignments,
internal notes and the requester's follow-up messages."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from guidance.models.areas import Phase, RegulatoryArea
from kiraad.models import Agency


class RequestCounter(models.Model):
    """The last reference number handed out per year; locked row by row so numbers never clash."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class GuidanceRequest(models.Model):
    """A question or a request for a guidance meeting from the public («lavterskeltilbud»)."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("question")
        MEETING = "meeting", _("request for a guidance meeting")

    class OrgKind(models.TextChoices):
        HEALTH_TRUST = "health_trust", _("health trust")
        RHF = "rhf", _("regional health authority")
        MUNICIPALITY = "municipality", _("municipality")
        RESEARCH = "research", _("research")
        INDUSTRY = "industry", _("industry")
        CLUSTER = "cluster", _("cluster or centre")
        PROCURER = "procurer", _("procurer")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        TRIAGED = "triaged", _("triaged")
        ASSIGNED = "assigned", _("assigned")
        IN_PROGRESS = "in_progress", _("in progress")
        ANSWERED = "answered", _("answered")
        CLOSED = "closed", _("closed")
        REJECTED = "rejected", _("rejected")
        REFERRED = "referred_elsewhere", _("referred elsewhere")
        DECLINED = "declined", _("declined for capacity")

    OPEN_STATUSES = (
        Status.RECEIVED,
        Status.TRIAGED,
        Status.ASSIGNED,
        Status.IN_PROGRESS,
    )
    # Requests that are finished; their personal data is anonymised after the retention period.
    FINISHED_STATUSES = (Status.CLOSED, Status.REJECTED, Status.REFERRED, Status.DECLINED)

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.QUESTION)
    requester_name = models.CharField(_("name"), max_length=200)
    requester_email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200)
    org_kind = models.CharField(_("kind of organisation"), max_length=16, choices=OrgKind.choices)
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    phase = models.CharField(_("phase of the AI work"), max_length=20, choices=Phase.choices)
    areas = models.ManyToManyField(
        RegulatoryArea, verbose_name=_("regulatory areas"), blank=True, related_name="requests"
    )
    areas_not_sure = models.BooleanField(_("not sure which rules apply"), default=False)
    consent = models.BooleanField(_("consent to the privacy notice"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    status_reason = models.TextField(_("reason given to the requester"), blank=True)
    referred_to = models.CharField(_("referred to"), max_length=300, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    answer_text = models.TextField(_("joint answer"), blank=True)
    answer_normative = models.BooleanField(_("the answer is normative"), default=False)
    dmp_required = models.BooleanField(_("DMP confirmation required"), default=False)
    dmp_confirmed_at = models.DateTimeField(_("DMP confirmed"), null=True, blank=True)
    dmp_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("DMP confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    unclear_rules = models.TextField(_("rules that proved unclear"), blank=True)
    received_at = models.DateTimeField(_("received"))
    answered_at = models.DateTimeField(_("answer sent"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # The council agenda item that took the request up (owned here; kiraad never imports us).
    agenda_item = models.ForeignKey(
        "kiraad.AgendaItem",
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guidance_requests",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("guidance request")
        verbose_name_plural = _("guidance requests")
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True),
                name="guidance_request_needs_consent",
                violation_error_message=_("The request needs the requester's consent."),
            ),
            models.CheckConstraint(
                condition=~Q(status="referred_elsewhere") | ~Q(referred_to=""),
                name="guidance_request_referral_names_where",
                violation_error_message=_("Say where the request was referred."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["rejected", "declined"]) | ~Q(status_reason=""),
                name="guidance_request_refusal_has_reason",
                violation_error_message=_("Give a reason for turning the request away."),
            ),
        ]

    def __str__(self) -> str:
        # Never the requester's name: this string lands in the admin log and history.
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("guidance:request-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class GuidanceRequestUserObjectPermission(UserObjectPermissionBase):
    """Direct-FK object permissions (guardian's fast path)."""

    content_object = models.ForeignKey(GuidanceRequest, on_delete=models.CASCADE)


class GuidanceRequestGroupObjectPermission(GroupObjectPermissionBase):
    """Direct-FK object permissions held by the per-agency groups."""

    content_object = models.ForeignKey(GuidanceRequest, on_delete=models.CASCADE)


def hash_token(token: str) -> str:
    """The SHA-256 of a raw tracking token; the raw token is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class TrackingToken(models.Model):
    """The requester's private link. Only the SHA-256 of the token is stored."""

    request = models.ForeignKey(GuidanceRequest, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("tracking token")
        verbose_name_plural = _("tracking tokens")

    def __str__(self) -> str:
        return f"{self.request} ({self.token_hash[:8]}…)"


class Assignment(models.Model):
    """An agency's part in answering a request: lead or contributor, its draft and sign-off."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        CONTRIBUTOR = "contributor", _("contributor")

    request = models.ForeignKey(
        GuidanceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    draft = models.TextField(_("draft of our part"), blank=True)
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "agency__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "agency"],
                name="assignment_unique",
                violation_error_message=_("The agency is already assigned to this request."),
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(role="lead"),
                name="assignment_one_lead",
                violation_error_message=_("A request has at most one lead agency."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request} - {self.agency}"


class RequestNote(models.Model):
    """An internal note by an agency or the secretariat. Never shown to the requester."""

    request = models.ForeignKey(GuidanceRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.PROTECT, null=True, blank=True
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.request} note {self.pk}"


class RequesterMessage(models.Model):
    """A follow-up message the requester sent from the tracking page."""

    request = models.ForeignKey(GuidanceRequest, on_delete=models.CASCADE, related_name="messages")
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("message from the requester")
        verbose_name_plural = _("messages from the requester")

    def __str__(self) -> str:
        return f"{self.request} message {self.pk}"
