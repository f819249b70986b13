"""Intake: a question from the public form becomes a request with a reference and a private link."""

import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction
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
    """The next «VL-YYYY-NNNN», in one statement: the year's counter row is created or
    incremented and stays locked until the caller's transaction ends, so parallel submissions
    never clash (the first of a new year included: the second waits on the first's insert)."""
    table = connection.ops.quote_name(RequestCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608 (a model's table)
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        (last,) = cursor.fetchone()
    return f"VL-{year}-{last:04d}"


def guidance_request_submit(
    *, data: RequestData, now: datetime.datetime | None = None
) -> tuple[GuidanceRequest, str]:
    """Record a question from the public and return it with its raw tracking token.

    The receipt (with the link) is e-mailed after the transaction commits.
    """
    if not data.consent:
        raise ServiceError(_("You must consent to the privacy notice."))
    return _request_record(data=data, now=now)


# No savepoint of its own inside the caller's transaction (the public form's): an error past the
# consent check is a fault, and the caller's transaction is undone as a whole.
@transaction.atomic(savepoint=False)
def _request_record(
    *, data: RequestData, now: datetime.datetime | None
) -> tuple[GuidanceRequest, str]:
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
        dmp_required=any(area.requires_dmp_confirmation for area in data.areas),
    )
    # A new row with an allocated reference: its checks in Python, its uniqueness by the index.
    save_with_reason(request, by=None, reason=reasons.RECEIVED(), unique_by_index=True)
    request.areas.add(*data.areas)
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
