"""Triage and assignment: accept or turn away, set the regulatory areas, assign the lead and
contributing agencies (with their object permissions), due dates, and moving the work of a
dissolved agency. The routing rule that proposes agencies from the areas is a read:
`guidance.selectors.routing_propose`.
"""

import datetime
from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance import reasons
from guidance.models import AreaResponsibility, Assignment, GuidanceRequest, RegulatoryArea
from guidance.services.email import enqueue_email
from kiraad import access as core_access
from kiraad.history import mark_change
from kiraad.models import Agency, User
from kiraad.notifications import notify
from kiraad.services import ServiceError, save_with_reason

REQUEST_PERMS = ("view_guidancerequest", "change_guidancerequest")


class TriageDecision:
    ACCEPT = "accept"
    REJECT = "reject"
    REFER = "refer"
    DECLINE = "decline"


TRIAGE_REASONS = {
    TriageDecision.ACCEPT: reasons.TRIAGE_ACCEPT(),
    TriageDecision.REJECT: reasons.TRIAGE_REJECT(),
    TriageDecision.REFER: reasons.TRIAGE_REFER(),
    TriageDecision.DECLINE: reasons.TRIAGE_DECLINE(),
}


@transaction.atomic
def guidance_request_triage(
    *,
    request: GuidanceRequest,
    decision: str,
    by: User,
    reason: str = "",
    referred_to: str = "",
) -> GuidanceRequest:
    """Accept, reject (with reason), refer elsewhere (naming where) or decline for capacity."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != GuidanceRequest.Status.RECEIVED:
        raise ServiceError(_("Only a newly received request can be triaged."))
    now = timezone.now()
    if decision == TriageDecision.ACCEPT:
        request.status = GuidanceRequest.Status.TRIAGED
    elif decision == TriageDecision.REJECT:
        if not reason.strip():
            raise ServiceError(_("Give the reason for rejecting."))
        request.status = GuidanceRequest.Status.REJECTED
        request.status_reason = reason
        request.closed_at = now
    elif decision == TriageDecision.REFER:
        if not referred_to.strip():
            raise ServiceError(_("Name where the request is referred."))
        request.status = GuidanceRequest.Status.REFERRED
        request.referred_to = referred_to
        request.status_reason = reason
        request.closed_at = now
    elif decision == TriageDecision.DECLINE:
        if not reason.strip():
            raise ServiceError(_("Give the reason the requester will see."))
        request.status = GuidanceRequest.Status.DECLINED
        request.status_reason = reason
        request.closed_at = now
    else:
        raise ServiceError(_("Unknown decision."))
    save_with_reason(request, by=by, reason=TRIAGE_REASONS[decision])
    if request.status != GuidanceRequest.Status.TRIAGED:
        enqueue_email("send_status", request.pk)
    return request


@transaction.atomic
def guidance_request_set_areas(
    *, request: GuidanceRequest, areas: Iterable[RegulatoryArea], by: User
) -> GuidanceRequest:
    """Set the regulatory areas; medical devices make DMP's confirmation a required step."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    areas = list(areas)
    request.areas.set(areas)
    request.dmp_required = any(a.requires_dmp_confirmation for a in areas)
    if not request.dmp_required:
        request.dmp_confirmed_at = None
        request.dmp_confirmed_by = None
    save_with_reason(request, by=by, reason=reasons.AREAS_SET())
    return request


@transaction.atomic
def guidance_request_assign(
    *,
    request: GuidanceRequest,
    lead: Agency,
    contributors: Iterable[Agency],
    by: User,
    due_date: datetime.date | None = None,
) -> GuidanceRequest:
    """Assign the lead and contributing agencies and keep their object permissions in step."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (
        GuidanceRequest.Status.TRIAGED,
        GuidanceRequest.Status.ASSIGNED,
        GuidanceRequest.Status.IN_PROGRESS,
    ):
        raise ServiceError(_("Accept the request before assigning agencies."))
    wanted = {lead.pk: Assignment.Role.LEAD}
    for agency in contributors:
        wanted.setdefault(agency.pk, Assignment.Role.CONTRIBUTOR)
    before = set(Assignment.objects.filter(request=request).values_list("agency_id", flat=True))
    names = dict(Agency.objects.filter(pk__in=before | set(wanted)).values_list("pk", "name"))
    reason = reasons.AGENCIES_ASSIGNED(
        lead=names[lead.pk],
        added=_names([names[pk] for pk in wanted if pk not in before]),
        removed=_names([names[pk] for pk in before if pk not in wanted]),
    )
    for assignment in Assignment.objects.filter(request=request).exclude(agency_id__in=wanted):
        mark_change(assignment, reason=reason, by=by)
        assignment.delete()
    # Demote the old lead first so the one-lead constraint holds at every step.
    for assignment in Assignment.objects.filter(request=request, role=Assignment.Role.LEAD):
        if wanted.get(assignment.agency_id) != Assignment.Role.LEAD:
            assignment.role = Assignment.Role.CONTRIBUTOR
            save_with_reason(assignment, by=by, reason=reason)
    for agency_id, role in sorted(wanted.items(), key=lambda kv: kv[1] != Assignment.Role.LEAD):
        current = Assignment.objects.filter(request=request, agency_id=agency_id).first()
        if current is None:
            current = Assignment(request=request, agency_id=agency_id, role=role)
        elif current.role == role:
            continue
        current.role = role
        save_with_reason(current, by=by, reason=reason)
    if request.status == GuidanceRequest.Status.TRIAGED:
        request.status = GuidanceRequest.Status.ASSIGNED
    if due_date is not None:
        request.due_date = due_date
    save_with_reason(request, by=by, reason=reason)
    guidance_request_sync_perms(request=request)
    for agency in Agency.objects.filter(pk__in=set(wanted) - before).order_by("pk"):
        notify(
            kind="request_assigned",
            recipients=[agency],
            subject_object=request,
            context={"title": request.reference, "agency": agency.name},
            path=request.get_absolute_url(),
        )
    return request


def _names(names: list[str]) -> str:
    return ", ".join(sorted(names)) or "–"


def guidance_request_sync_perms(*, request: GuidanceRequest) -> None:
    """The assigned agencies' groups, and only they, hold the object permissions."""
    agencies = Agency.objects.filter(assignments__request=request)
    core_access.sync_agency_perms(request, agencies, REQUEST_PERMS)


@transaction.atomic
def guidance_request_set_due_date(
    *, request: GuidanceRequest, due_date: datetime.date | None, by: User
) -> GuidanceRequest:
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    request.due_date = due_date
    save_with_reason(request, by=by, reason=reasons.DUE_DATE_SET())
    return request


def move_assignments_on_dissolution(
    *, agency: Agency, successor: Agency, on: datetime.date, by: User | None, reason: str
) -> int:
    """Open requests assigned to a dissolved agency move to its successor."""
    moved = 0
    for assignment in Assignment.objects.select_related("request").filter(
        agency=agency, request__status__in=GuidanceRequest.OPEN_STATUSES
    ):
        request = assignment.request
        existing = Assignment.objects.filter(request=request, agency=successor).first()
        if existing is not None:
            if assignment.role == Assignment.Role.LEAD:
                mark_change(assignment, reason=reason, by=by)
                assignment.delete()
                existing.role = Assignment.Role.LEAD
                save_with_reason(existing, by=by, reason=reason)
            else:
                mark_change(assignment, reason=reason, by=by)
                assignment.delete()
        else:
            assignment.agency = successor
            save_with_reason(assignment, by=by, reason=reason)
        guidance_request_sync_perms(request=request)
        moved += 1
    return moved


def move_areas_on_dissolution(
    *, agency: Agency, successor: Agency, on: datetime.date, by: User | None, reason: str
) -> int:
    """The dissolved agency's regulatory areas pass to its successor on `on`: its own
    responsibility ends the day before, so «who was responsible then» stays answerable."""
    moved = 0
    day_before = on - datetime.timedelta(days=1)
    from guidance.selectors import areas_held_on

    for held in areas_held_on(agency=agency, on=on):
        if held.valid_from is not None and held.valid_from >= on:
            held.agency = successor  # not begun yet: the successor takes it over whole
            save_with_reason(held, by=by, reason=reason, update_fields=["agency"])
        else:
            held.valid_to = day_before
            save_with_reason(held, by=by, reason=reason, update_fields=["valid_to"])
            already = AreaResponsibility.objects.filter(area=held.area, agency=successor).filter(
                models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on)
            )
            if not already.exists():
                save_with_reason(
                    AreaResponsibility(
                        area=held.area, agency=successor, valid_from=on, note=held.note
                    ),
                    by=by,
                    reason=reason,
                )
        moved += 1
    return moved
