"""Retention: anonymising the requester's personal data, on demand and when the retention
period of a finished request ends (the nightly Celery beat job `anonymise_closed_requests`).
"""

import datetime
import logging

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from guidance import reasons
from guidance.models import (
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


def _history_model(model: type[models.Model]) -> type[models.Model]:
    return get_history_manager_for_model(model).model


@transaction.atomic
def guidance_request_anonymise(*, request: GuidanceRequest, by: User | None, reason: str) -> bool:
    """Replace the requester's personal data, in the rows and in their history.

    Safe to run again: an anonymised request is left alone (returns False).
    """
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.anonymised_at is not None:
        return False
    organisation = request.organisation
    _scrub_logs(values=[request.requester_name, request.requester_email])
    request.requester_name = ANONYMISED_NAME
    request.requester_email = ANONYMISED_EMAIL
    request.organisation = ANONYMISED_NAME
    request.question = ANONYMISED_TEXT
    request.anonymised_at = timezone.now()
    save_with_reason(request, by=by, reason=reasons.ANONYMISED(reason=reason))
    _history_model(GuidanceRequest)._default_manager.filter(id=request.pk).update(
        requester_name=ANONYMISED_NAME,
        requester_email=ANONYMISED_EMAIL,
        organisation=ANONYMISED_NAME,
        question=ANONYMISED_TEXT,
    )
    RequesterMessage.objects.filter(request=request).update(text=ANONYMISED_TEXT)
    _history_model(RequesterMessage)._default_manager.filter(request_id=request.pk).update(
        text=ANONYMISED_TEXT
    )
    RequestNote.objects.filter(request=request).update(text=ANONYMISED_TEXT)
    _history_model(RequestNote)._default_manager.filter(request_id=request.pk).update(
        text=ANONYMISED_TEXT
    )
    # A meeting offered from the request copied the organisation as its community.
    meetings = GuidanceMeeting.objects.filter(request=request, community=organisation)
    _history_model(GuidanceMeeting)._default_manager.filter(
        id__in=list(meetings.values_list("pk", flat=True)), community=organisation
    ).update(community=ANONYMISED_NAME)
    meetings.update(community=ANONYMISED_NAME)
    TrackingToken.objects.filter(request=request).delete()
    return True


def _scrub_logs(*, values: list[str]) -> None:
    """Personal data also lands outside the request: in the admin's log (an object's name in a
    change message) and in the login-attempt tables (someone typed their e-mail as a user name).
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.admin.models import LogEntry

    for value in [v for v in values if v and v not in (ANONYMISED_NAME, ANONYMISED_EMAIL)]:
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
