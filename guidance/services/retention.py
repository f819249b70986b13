"""Retention: anonymising the requester's personal data, on demand and when the retention
period of a finished request ends (the nightly Celery beat job `anonymise_closed_requests`).
"""

import datetime
import logging
from typing import Any, cast

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from guidance import reasons
from guidance.models import (
    Assignment,
    Gap,
    GuidanceMeeting,
    GuidanceRequest,
    RequesterMessage,
    RequestNote,
    TrackingToken,
)
from kiraad.models import User
from kiraad.services import save_with_reason

logger = logging.getLogger(__name__)


ANONYMISED_NAME = "[anonymisert]"


ANONYMISED_EMAIL = "anonymisert@anonymisert.invalid"


ANONYMISED_TEXT = "[anonymisert]"


# What the requester typed, and what staff wrote back to or about them on the request: emptied
# in the row and in every history row.
REQUEST_FIELDS = {
    "requester_name": ANONYMISED_NAME,
    "requester_email": ANONYMISED_EMAIL,
    "organisation": ANONYMISED_NAME,
    "title": ANONYMISED_TEXT,
    "question": ANONYMISED_TEXT,
    "status_reason": ANONYMISED_TEXT,
    "answer_text": ANONYMISED_TEXT,
    "unclear_rules": ANONYMISED_TEXT,
}
# A meeting made from a request is a meeting with the requester: its record of who came and
# what was said is emptied; its title (which older meetings copied from the request) has every
# value the request held replaced. Gaps (knowledge work) have those values replaced.
MEETING_RECORD = ("decision_makers", "topics", "summary", "follow_ups", "unclear_rules")
MEETING_TEXT = ("title", "community")
GAP_TEXT = ("title", "description")
# Shorter values are not replaced inside other text (they would hit ordinary words).
MIN_QUOTED = 3


def _history_model(model: type[models.Model]) -> type[models.Model]:
    return cast(type[models.Model], get_history_manager_for_model(model).model)


def _history(model: type[models.Model]) -> models.Manager[Any]:
    return _history_model(model)._default_manager


def _personal_values(request: GuidanceRequest) -> list[str]:
    """Every value the request's personal fields and its agencies' drafts ever held (the row
    and its history), longest first, so a value inside a longer one is replaced after it."""
    names = list(REQUEST_FIELDS)
    rows = [*_history(GuidanceRequest).filter(id=request.pk).values_list(*names)]
    rows.append(tuple(getattr(request, name) for name in names))
    values = {value for row in rows for value in row}
    values |= set(
        _history(Assignment).filter(request_id=request.pk).values_list("draft", flat=True)
    )
    values |= set(RequesterMessage.objects.filter(request=request).values_list("text", flat=True))
    anonymised = {ANONYMISED_NAME, ANONYMISED_EMAIL, ANONYMISED_TEXT}
    kept = {v.strip() for v in values if v and len(v.strip()) >= MIN_QUOTED}
    return sorted(kept - anonymised, key=len, reverse=True)


def _replace_in(queryset: models.QuerySet[Any], fields: tuple[str, ...], values: list[str]) -> None:
    for field in fields:
        for value in values:
            queryset.filter(**{f"{field}__contains": value}).update(
                **{field: Replace(F(field), Value(value), Value(ANONYMISED_TEXT))}
            )


@transaction.atomic
def guidance_request_anonymise(*, request: GuidanceRequest, by: User | None, reason: str) -> bool:
    """Replace the requester's personal data and every copy of it: the request, its drafts,
    messages and notes, the meetings and gaps made from it, their history rows (field values
    and typed reasons) and the database's logs.

    Safe to run again: an anonymised request is left alone (returns False).
    """
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.anonymised_at is not None:
        return False
    values = _personal_values(request)
    organisation = request.organisation
    _scrub_logs(values=values)
    for name, blank in REQUEST_FIELDS.items():
        setattr(request, name, blank)
    request.anonymised_at = timezone.now()
    save_with_reason(request, by=by, reason=reasons.ANONYMISED(reason=reason))
    _history(GuidanceRequest).filter(id=request.pk).update(**REQUEST_FIELDS)
    Assignment.objects.filter(request=request).update(draft=ANONYMISED_TEXT)
    _history(Assignment).filter(request_id=request.pk).update(draft=ANONYMISED_TEXT)
    RequesterMessage.objects.filter(request=request).update(text=ANONYMISED_TEXT)
    _history(RequesterMessage).filter(request_id=request.pk).update(text=ANONYMISED_TEXT)
    RequestNote.objects.filter(request=request).update(text=ANONYMISED_TEXT)
    _history(RequestNote).filter(request_id=request.pk).update(text=ANONYMISED_TEXT)
    # A meeting offered from the request copied the organisation as its community.
    meeting_ids = list(
        GuidanceMeeting.objects.filter(request=request).values_list("pk", flat=True)
    ) + list(
        _history(GuidanceMeeting)
        .filter(request_id=request.pk)
        .values_list("id", flat=True)
        .distinct()
    )
    meetings = GuidanceMeeting.objects.filter(pk__in=meeting_ids)
    meetings.filter(community=organisation).update(community=ANONYMISED_NAME)
    meeting_history = _history(GuidanceMeeting).filter(id__in=meeting_ids)
    meeting_history.filter(community=organisation).update(community=ANONYMISED_NAME)
    record = dict.fromkeys(MEETING_RECORD, ANONYMISED_TEXT)
    meetings.update(**record)
    meeting_history.update(**record)
    _replace_in(meetings, MEETING_TEXT, values)
    _replace_in(meeting_history, MEETING_TEXT, values)
    gap_ids = list(
        Gap.objects.filter(
            models.Q(request=request) | models.Q(meeting_id__in=meeting_ids)
        ).values_list("pk", flat=True)
    ) + list(
        _history(Gap)
        .filter(models.Q(request_id=request.pk) | models.Q(meeting_id__in=meeting_ids))
        .values_list("id", flat=True)
        .distinct()
    )
    _replace_in(Gap.objects.filter(pk__in=gap_ids), GAP_TEXT, values)
    _replace_in(_history(Gap).filter(id__in=gap_ids), GAP_TEXT, values)
    # Reasons a person typed into any of these histories may quote the requester too.
    for model, lookup in (
        (GuidanceRequest, {"id": request.pk}),
        (Assignment, {"request_id": request.pk}),
        (RequesterMessage, {"request_id": request.pk}),
        (RequestNote, {"request_id": request.pk}),
        (GuidanceMeeting, {"id__in": meeting_ids}),
        (Gap, {"id__in": gap_ids}),
    ):
        _replace_in(_history(model).filter(**lookup), ("history_change_reason",), values)
    TrackingToken.objects.filter(request=request).delete()
    return True


def _scrub_logs(*, values: list[str]) -> None:
    """Personal data also lands outside the request: in the admin's log (an object's name in a
    change message) and in the login-attempt tables (someone typed their e-mail as a user name).
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.admin.models import LogEntry

    for value in [v for v in values if v and v not in (ANONYMISED_NAME, ANONYMISED_EMAIL)]:
        if len(value) > 300:  # an object's name or a user name is never this long
            continue
        for entry in LogEntry.objects.filter(
            models.Q(object_repr__icontains=value) | models.Q(change_message__icontains=value)
        ):
            entry.object_repr = entry.object_repr.replace(value, ANONYMISED_NAME)
            entry.change_message = entry.change_message.replace(value, ANONYMISED_NAME)
            entry.save(update_fields=["object_repr", "change_message"])
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=value).delete()


def anonymise_closed_requests(*, now: datetime.datetime | None = None) -> int:
    """Anonymise every finished request older than settings.GUIDANCE_RETENTION_DAYS."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.GUIDANCE_RETENTION_DAYS)
    due = GuidanceRequest.objects.filter(
        status__in=GuidanceRequest.FINISHED_STATUSES,
        closed_at__lt=cutoff,
        anonymised_at__isnull=True,
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        request = GuidanceRequest(pk=pk)
        if guidance_request_anonymise(request=request, by=None, reason=reasons.RETENTION_ENDED()):
            count += 1
    if count:
        logger.info("anonymised %d guidance requests", count)
    return count
