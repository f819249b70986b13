"""Who may see or change plans and measures. Every signed-in user reads; writes are narrow.

- a status update: the secretariat, or a representative of an agency that owns the measure
  (an object permission `change_measure` held by the agency's group, kept in step by
  `measure_set_owners`);
- everything else (plans, measure fields, owners, merges, milestones, rounds): the secretariat.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from kiraad.access import (
    AnyUser,
    is_agency_representative,
    is_secretariat,
    objects_for_user,
    require_secretariat,
    user_can,
)
from measures.models import Measure, Milestone, Plan

UPDATE = "update"  # post a status update
MANAGE = "manage"  # the secretariat's edits


def can_post_update(user: AnyUser, measure: Measure) -> bool:
    """The secretariat, or a representative of an owning agency."""
    if not user.is_authenticated:
        return False
    if is_secretariat(user):
        return True
    if not is_agency_representative(user):
        return False
    return user_can(user, "change_measure", measure)


def can_manage(user: AnyUser) -> bool:
    """Plans, measure fields, owners, merges and milestones belong to the secretariat."""
    return is_secretariat(user)


def access_measure(
    user: AnyUser, pk: int, *, action: str = "view", queryset: QuerySet[Measure] | None = None
) -> Measure:
    """The measure `pk` for `action`: 404 if it does not exist, 403 if the user may not act.

    `queryset` is a selector's, when the page reads the measure with more than its plan."""
    if queryset is None:
        queryset = Measure.objects.select_related("plan")
    try:
        measure = queryset.get(pk=pk)
    except Measure.DoesNotExist as exc:
        raise Http404 from exc
    if not user.is_authenticated:
        raise PermissionDenied
    if action == "view":
        return measure
    if action == UPDATE:
        if not can_post_update(user, measure):
            raise PermissionDenied
        return measure
    require_secretariat(user)
    return measure


def access_milestone(measure: Measure, pk: int) -> Milestone:
    """A milestone of a measure the caller already may manage; 404 if it is not this one's."""
    try:
        return Milestone.objects.get(pk=pk, measure=measure)
    except Milestone.DoesNotExist as exc:
        raise Http404 from exc


def access_plan(user: AnyUser, pk: int, *, action: str = "view") -> Plan:
    """Every signed-in user reads a plan; only the secretariat changes one."""
    try:
        plan = Plan.objects.get(pk=pk)
    except Plan.DoesNotExist as exc:
        raise Http404 from exc
    if not user.is_authenticated:
        raise PermissionDenied
    if action != "view":
        require_secretariat(user)
    return plan


def updatable_measure_ids(user: AnyUser) -> set[int] | None:
    """Ids of the measures the user may post updates on; None means all (the secretariat).

    One query, whatever the number of measures; model-wide grants are ignored.
    """
    if is_secretariat(user):
        return None
    if not is_agency_representative(user):
        return set()
    return set(objects_for_user(user, "change_measure", Measure).values_list("pk", flat=True))


def updatable_measures(user: AnyUser) -> QuerySet[Measure]:
    """The measures the user's agency may report on (the secretariat: all)."""
    if is_secretariat(user):
        return Measure.objects.all()
    if not is_agency_representative(user):
        return Measure.objects.none()
    return objects_for_user(user, "change_measure", Measure)
