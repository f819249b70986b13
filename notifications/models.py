"""The outbox of e-mail notifications, and who wants which kind how."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kiraad.models import Agency
from kiraad.notifications import KINDS

# The kinds' labels are gettext_noop strings (translated where they are shown): lazy here, so the
# admin's filter and lists read them in the admin's language.
KIND_CHOICES = [(code, _(kind.label)) for code, kind in KINDS.items()]


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("In a daily digest (07:00)")
    OFF = "off", _("Off")


class Notification(models.Model):
    """One e-mail to one recipient, written in the transaction that caused it (the outbox).

    Sent by a Celery task after commit: the task locks the row and sends only while it is
    queued, so a task delivered twice sends once. `via` records why the recipient got it
    (`agency:<pk>`, `role:<name>` or `user`); when that no longer holds at sending time the
    row is skipped, so a person whose access was removed gets nothing.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        SKIPPED = "skipped", _("not sent")

    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    email = models.EmailField(_("e-mail address"))
    via = models.CharField(_("via"), max_length=64, blank=True)
    delivery = models.CharField(
        _("delivery"), max_length=16, choices=Delivery.choices, default=Delivery.IMMEDIATE
    )
    context = models.JSONField(_("context"), default=dict, blank=True)
    path = models.CharField(_("link"), max_length=500, blank=True)
    # What the notification is about («app_label.model» and pk), so the mailer can attach the
    # record's current files when it sends (kiraad.registry.notification_attachments).
    subject_label = models.CharField(_("about"), max_length=100, blank=True)
    subject_pk = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(
                fields=["delivery", "next_attempt_at"],
                condition=Q(status="queued"),
                name="notification_queued",
            ),
            models.Index(fields=["status", "-created_at"], name="notification_status"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email}"


class Preference(models.Model):
    """How a user wants one kind of notification (no row: immediately)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    delivery = models.CharField(_("delivery"), max_length=16, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.delivery}"


class UserSettings(models.Model):
    """A user's language for e-mails (the portal's pages follow the language switch)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(
        _("language of e-mails"), max_length=8, choices=settings.LANGUAGES, default="nb"
    )

    class Meta:
        verbose_name = _("e-mail settings")
        verbose_name_plural = _("e-mail settings")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class AgencyMailbox(models.Model):
    """An agency's shared functional mailbox: it gets the notifications addressed to the
    agency, besides its representatives. `kinds_off` lists the kinds it was unsubscribed from."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="mailbox"
    )
    email = models.EmailField(_("shared mailbox"))
    kinds_off = models.JSONField(_("kinds turned off"), default=list, blank=True)

    class Meta:
        verbose_name = _("agency mailbox")
        verbose_name_plural = _("agency mailboxes")

    def __str__(self) -> str:
        return f"{self.agency}: {self.email}"
