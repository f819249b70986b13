"""Who may see or change guidance records. The request's existence is itself private:
anyone who is neither the secretariat nor an assigned agency gets 404 on every route."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from guidance.models import Article, Assignment, GuidanceMeeting, GuidanceRequest
from kiraad.access import (
    AnyUser,
    agency_id_of,
    is_agency_representative,
    is_secretariat,
    objects_for_user,
    require_secretariat,
    user_can,
)

SECRETARIAT_ACTIONS = {
    "triage",
    "areas",
    "assign",
    "due",
    "meeting",
    "send",
    "close",
    "anonymise",
    "revoke",
}
AGENCY_ACTIONS = {"draft", "sign_off"}
DMP_CODE = "DMP"


def visible_requests(user: AnyUser) -> QuerySet[GuidanceRequest]:
    """The secretariat sees all; agency representatives those assigned to their agency."""
    if is_secretariat(user):
        return GuidanceRequest.objects.all()
    if is_agency_representative(user):
        return objects_for_user(user, "view_guidancerequest", GuidanceRequest.objects.all())
    return GuidanceRequest.objects.none()


def can_view_request(user: AnyUser, request: GuidanceRequest) -> bool:
    if is_secretariat(user):
        return True
    return is_agency_representative(user) and user_can(user, "view_guidancerequest", request)


def user_assignment(
    user: AnyUser, request: GuidanceRequest, *, assignments: list[Assignment] | None = None
) -> Assignment | None:
    """The assignment of the user's agency on `request`, if any. `assignments` are the
    request's, with their agencies, when the caller has read them already."""
    agency_id = agency_id_of(user)
    if agency_id is None or not is_agency_representative(user):
        return None
    if assignments is not None:
        return next((a for a in assignments if a.agency_id == agency_id), None)
    return (
        Assignment.objects.select_related("agency", "request")
        .filter(request=request, agency_id=agency_id)
        .first()
    )


def request_capabilities(
    user: AnyUser, request: GuidanceRequest, *, assignments: list[Assignment] | None = None
) -> dict[str, bool]:
    """Which actions the user may take on a visible request (for the page's buttons).
    `assignments` are the request's, with their agencies, when the page has read them."""
    assignment = user_assignment(user, request, assignments=assignments)
    secretariat = is_secretariat(user)
    return {
        "secretariat": secretariat,
        "note": secretariat or assignment is not None,
        "draft": assignment is not None and request.is_open,
        "sign_off": assignment is not None and request.is_open,
        "answer": bool(assignment and assignment.role == Assignment.Role.LEAD and request.is_open),
        "dmp_confirm": bool(
            assignment
            and assignment.agency.code == DMP_CODE
            and request.dmp_required
            and request.is_open
        ),
    }


def access_guidance_request(
    user: AnyUser,
    pk: int,
    *,
    action: str = "view",
    queryset: QuerySet[GuidanceRequest] | None = None,
) -> GuidanceRequest:
    """404 unless the user is the secretariat or an assigned agency; 403 if visible but the
    action is not theirs. `queryset` is a selector's, when the page reads more of the request."""
    if queryset is None:
        queryset = GuidanceRequest.objects.all()
    try:
        request = queryset.get(pk=pk)
    except (GuidanceRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not can_view_request(user, request):
        raise Http404
    if action == "view":
        return request
    caps = request_capabilities(user, request)
    if action in SECRETARIAT_ACTIONS:
        allowed = caps["secretariat"]
    elif action in caps:
        allowed = caps[action]
    else:
        allowed = False
    if not allowed:
        raise PermissionDenied
    return request


def access_assignment(user: AnyUser, request: GuidanceRequest) -> Assignment:
    """The user's own agency's assignment on a request they can see; 403 otherwise."""
    assignment = user_assignment(user, request)
    if assignment is None:
        raise PermissionDenied
    return assignment


def access_article(user: AnyUser, pk: int, *, action: str = "view") -> Article:
    """Articles are edited by the secretariat; drafts are not public."""
    require_secretariat(user)
    try:
        return Article.objects.select_related("responsible_agency", "source_request").get(pk=pk)
    except (Article.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def access_guidance_meeting(user: AnyUser, pk: int, *, action: str = "view") -> GuidanceMeeting:
    """Meetings are the secretariat's records; invited agencies may read them."""
    try:
        meeting = GuidanceMeeting.objects.get(pk=pk)
    except (GuidanceMeeting.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if is_secretariat(user):
        return meeting
    agency_id = agency_id_of(user)
    invited = bool(agency_id and meeting.invited_agencies.filter(pk=agency_id).exists())
    if not invited:
        raise Http404
    if action != "view":
        raise PermissionDenied
    return meeting


def visible_guidance_meetings(
    user: AnyUser, meetings: QuerySet[GuidanceMeeting]
) -> QuerySet[GuidanceMeeting]:
    """The secretariat sees every guidance meeting; an agency representative those their
    agency is invited to (as `access_guidance_meeting` decides for one)."""
    if is_secretariat(user):
        return meetings
    agency_id = agency_id_of(user)
    if not agency_id:
        return meetings.none()
    return meetings.filter(invited_agencies=agency_id)


def is_guidance_staff(user: AnyUser) -> bool:
    """Meetings, gaps and themes are for the secretariat and agency representatives."""
    return is_secretariat(user) or is_agency_representative(user)


def require_guidance_staff(user: AnyUser) -> None:
    if not is_guidance_staff(user):
        raise PermissionDenied
