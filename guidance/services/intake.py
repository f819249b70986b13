"""Intake: a question from the public form becomes a request with a reference and a private link."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance import reasons
from guidance.models import GuidanceRequest, RegulatoryArea, RequestCounter
from guidance.services.email import enqueue_email
from guidance.services.tracking import tracking_token_create
from kiraad.access import Role
from kiraad.notifications import notify
from kiraad.services import ServiceError, save_with_reason


@dataclass(frozen=True)
class RequestData:
    kind: str
    requester_name: str
    requester_email: str
    organisation: str
    org_kind: str
    title: str
    question: str
    phase: str
    areas: list[RegulatoryArea] = field(default_factory=list)
    areas_not_sure: bool = False
    consent: bool = False


def reference_allocate(*, year: int) -> str:
    """The next «VL-YYYY-NNNN». The counter row is locked, so parallel submissions never clash."""
    RequestCounter.objects.get_or_create(year=year)
    counter = RequestCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"VL-{year}-{counter.last:04d}"


@transaction.atomic
def guidance_request_submit(
    *, data: RequestData, now: datetime.datetime | None = None
) -> tuple[GuidanceRequest, str]:
    """Record a question from the public and return it with its raw tracking token.

    The receipt (with the link) is e-mailed after the transaction commits.
    """
    if not data.consent:
        raise ServiceError(_("You must consent to the privacy notice."))
    now = now or timezone.now()
    request = GuidanceRequest(
        reference=reference_allocate(year=timezone.localtime(now).year),
        kind=data.kind,
        requester_name=data.requester_name,
        requester_email=data.requester_email,
        organisation=data.organisation,
        org_kind=data.org_kind,
        title=data.title,
        question=data.question,
        phase=data.phase,
        areas_not_sure=data.areas_not_sure,
        consent=True,
        received_at=now,
    )
    save_with_reason(request, by=None, reason=reasons.RECEIVED())
    request.areas.set(data.areas)
    request.dmp_required = any(a.requires_dmp_confirmation for a in data.areas)
    if request.dmp_required:
        request.save(update_fields=["dmp_required"])
    token = tracking_token_create(request=request)
    enqueue_email("send_receipt", request.pk, token=token)
    # The reference only: no personal data of the public in the e-mail.
    notify(
        kind="question_received",
        recipients=[Role.SECRETARIAT],
        subject_object=request,
        context={"title": request.reference},
        path=request.get_absolute_url(),
    )
    return request, token
