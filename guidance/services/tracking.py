"""The requester's private tracking links (only their hashes are stored) and follow-up messages."""

import secrets

from django.db import transaction
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance import reasons
from guidance.models import GuidanceRequest, RequesterMessage, TrackingToken, hash_token
from guidance.selectors import tracking_token_lookup
from guidance.services.email import enqueue_email
from kiraad.access import Role
from kiraad.notifications import notify
from kiraad.services import ServiceError, save_with_reason

TOKEN_BYTES = 32  # 256 bits


def tracking_token_create(*, request: GuidanceRequest) -> str:
    """Create a new ≥256-bit random token for `request` and return it (only this once)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    TrackingToken.objects.create(request=request, token_hash=hash_token(token))
    return token


@transaction.atomic
def tracking_token_revoke_all(*, request: GuidanceRequest) -> int:
    """Revoke every live token of `request`."""
    return TrackingToken.objects.filter(request=request, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def tracking_link_resend(*, email: str) -> int:
    """Issue fresh links for the requests sent from `email` and e-mail them there.

    Old links keep working until a new one is opened (tracking_token_redeem): whoever knows
    the address cannot cut the requester off by asking. Only hashes are stored, so old links
    cannot be re-sent. The caller shows the same message whatever happens, so nobody learns
    whether the address is known.
    """
    requests = GuidanceRequest.objects.filter(
        requester_email__iexact=email.strip(), anonymised_at__isnull=True
    )
    count = 0
    for request in requests:
        token = tracking_token_create(request=request)
        enqueue_email("send_link", request.pk, token=token)
        count += 1
    return count


def tracking_token_redeem(*, token: str) -> GuidanceRequest | None:
    """The request behind a live `token`, or None. Opening a link revokes the request's older
    links (those a «send me my link again» replaced), in one UPDATE."""
    request = tracking_token_lookup(token=token)
    if request is None:
        return None
    opened = TrackingToken.objects.filter(token_hash=hash_token(token)).values("created_at")[:1]
    TrackingToken.objects.filter(
        request=request, revoked_at__isnull=True, created_at__lt=Subquery(opened)
    ).update(revoked_at=timezone.now())
    return request


@transaction.atomic
def requester_message_add(*, request: GuidanceRequest, text: str) -> RequesterMessage:
    """A follow-up message from the tracking page."""
    if not request.is_open and request.status != GuidanceRequest.Status.ANSWERED:
        raise ServiceError(_("This request is closed; please send a new question."))
    message = RequesterMessage(request=request, text=text)
    save_with_reason(message, by=None, reason=reasons.FOLLOW_UP())
    notify(
        kind="question_received",
        recipients=[Role.SECRETARIAT],
        subject_object=message,
        context={"title": request.reference},
        path=request.get_absolute_url(),
    )
    return message
