"""Who may see or change meetings, their documents, follow-up actions and calendar tokens."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kiraad.access import (
    AnyUser,
    agency_id_of,
    is_agency_representative,
    is_secretariat,
    require_secretariat,
)
from kiraad.meetings.models import ActionItem, CalendarToken, Meeting, MeetingDocument
from kiraad.models import User


def meeting_visible(user: AnyUser, meeting: Meeting) -> bool:
    """A planned (unpublished) meeting is a draft: the secretariat only."""
    if is_secretariat(user):
        return True
    return bool(user.is_authenticated) and meeting.status != Meeting.Status.PLANNED


def minutes_visible(user: AnyUser, meeting: Meeting) -> bool:
    """Minutes are shown to members once approved; before that to the secretariat only."""
    return is_secretariat(user) or meeting.minutes_locked


def access_meeting(user: AnyUser, pk: int, *, action: str = "view") -> Meeting:
    """Signed-in users read published meetings; drafts are 404 and changes 403 for others."""
    try:
        meeting = Meeting.objects.select_related("body", "minutes_approved_at_meeting").get(pk=pk)
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc
    if not meeting_visible(user, meeting):
        raise Http404
    if action != "view":
        require_secretariat(user)
    return meeting


def access_meeting_document(user: AnyUser, pk: int) -> MeetingDocument:
    """A meeting's documents are read by whoever may see the meeting (drafts: the secretariat);
    for anyone else the document does not exist (404), like the meeting itself."""
    try:
        document = MeetingDocument.objects.select_related("meeting").get(pk=pk)
    except MeetingDocument.DoesNotExist as exc:
        raise Http404 from exc
    if not meeting_visible(user, document.meeting):
        raise Http404
    return document


def access_action_item(user: AnyUser, pk: int, *, action: str = "view") -> ActionItem:
    """Follow-up actions: visible with their meeting; changed by the owner agency or secretariat."""
    try:
        item = ActionItem.objects.select_related("meeting__body", "owner_agency").get(pk=pk)
    except ActionItem.DoesNotExist as exc:
        raise Http404 from exc
    if not meeting_visible(user, item.meeting):
        raise Http404
    if action != "view" and not (
        is_secretariat(user)
        or (is_agency_representative(user) and agency_id_of(user) == item.owner_agency_id)
    ):
        raise PermissionDenied
    return item


def access_calendar_token(user: AnyUser, pk: int) -> CalendarToken:
    """A user manages only their own feed tokens; others' are 404."""
    if not isinstance(user, User):
        raise Http404
    try:
        return CalendarToken.objects.get(pk=pk, user=user)
    except CalendarToken.DoesNotExist as exc:
        raise Http404 from exc
