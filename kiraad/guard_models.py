"""Tables behind the request guards: the throttle's fallback counters (used when the cache is
down) and the one-time keys of the create forms (kiraad/throttle.py, kiraad/idempotency.py).

They belong to the `kiraad` app; kiraad/models.py imports them so Django finds them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ThrottleCounter(models.Model):
    """How many times a (scope, client) pair acted in one fixed window. Only a hash of the
    client key (an address, an e-mail) is stored; rows are deleted once their window is over."""

    scope = models.CharField(_("scope"), max_length=60)
    key_hash = models.CharField(_("key hash"), max_length=64)
    window_start = models.DateTimeField(_("window start"))
    expires_at = models.DateTimeField(_("expires"), db_index=True)
    count = models.PositiveIntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key_hash", "window_start"], name="throttle_counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key_hash[:8]}… {self.count}"


class IdempotencyKey(models.Model):
    """A create form's one-time key and where its first successful POST led.

    For the public question form (no user) `result_url` holds the request's reference, not a
    URL: the tracking link carries a token that is never stored in the clear.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True
    )
    scope = models.CharField(_("scope"), max_length=60)
    key = models.CharField(_("key"), max_length=64)
    result_url = models.CharField(_("result"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form key")
        verbose_name_plural = _("form keys")
        constraints = [
            models.UniqueConstraint(fields=["user", "scope", "key"], name="idempotency_key_unique"),
            # The public forms' keys have no user (NULLs never collide in the constraint above).
            models.UniqueConstraint(
                fields=["scope", "key"],
                condition=models.Q(user__isnull=True),
                name="idempotency_key_anonymous_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]}…"
