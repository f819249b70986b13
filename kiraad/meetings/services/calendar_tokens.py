"""Personal iCal feed tokens: created once in clear, stored as a hash, revocable."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from kiraad.meetings import reasons
from kiraad.meetings.models import CalendarToken
from kiraad.models import User
from kiraad.services import save_with_reason


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def calendar_token_create(*, user: User) -> str:
    """Create a feed token and return it in clear once; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    row = CalendarToken(user=user, token_hash=_hash(token))
    save_with_reason(row, by=user, reason=reasons.CALENDAR_TOKEN_CREATED())
    return token


@transaction.atomic
def calendar_token_revoke(*, token: CalendarToken, by: User) -> None:
    """Revoke a feed token; its URL answers 404 from now on."""
    token.revoked_at = timezone.now()
    save_with_reason(
        token, by=by, reason=reasons.CALENDAR_TOKEN_REVOKED(), update_fields=["revoked_at"]
    )


def calendar_token_user(*, token: str) -> User | None:
    """The user of an active token, or None."""
    row = (
        CalendarToken.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return row.user if row else None
