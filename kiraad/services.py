"""Writes to the council core. Every write records who made it and why (simple-history)."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from kiraad import registry
from kiraad.access import (
    AGENCY_GROUP_PREFIX,
    Role,
    agency_group,
    revoke_user_object_perms,
    user_roles,
)
from kiraad.history import mark_change
from kiraad.models import ActionItem, Agency, Membership, User
from kiraad.validation import full_clean


class ServiceError(Exception):
    """A rule of the domain refused the change; the message is shown to the user."""


def save_with_reason(
    obj: models.Model,
    *,
    by: User | None,
    reason: str,
    unique_by_index: bool = False,
    **save_kwargs: Any,
) -> None:
    """Validate and save `obj`, recording `by` and `reason` in its history.

    Validation is Django's `full_clean` in fewer queries (kiraad.validation.full_clean).
    `unique_by_index`: for a new row whose unique values the service allocates itself,
    uniqueness is left to the database's index instead of a query per unique field."""
    full_clean(obj, validate_unique=not unique_by_index)
    mark_change(obj, reason=reason, by=by)
    obj.save(**save_kwargs)


@dataclass(frozen=True)
class DissolutionReport:
    """What moved when an agency was dissolved, for the caller to show."""

    users: int
    action_items: int
    memberships_ended: int
    moved_by_apps: dict[str, int]


@transaction.atomic
def agency_dissolve(
    *,
    agency: Agency,
    successor: Agency,
    on: datetime.date,
    change_kind: str,
    by: User | None,
    reason: str,
) -> DissolutionReport:
    """Dissolve `agency` into `successor` (a merger or a rename) and move what it was doing.

    Its users, open follow-up actions and every app's open responsibilities move to the
    successor; its memberships end on the day before. History keeps who did it and why.
    """
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    successor = Agency.objects.get(pk=successor.pk)  # as it is now, not as the caller saw it
    if agency.pk == successor.pk:
        raise ServiceError(_("An agency cannot be its own successor."))
    if successor.dissolved_on is not None:
        raise ServiceError(
            _("%(successor)s is itself dissolved: choose the agency that took over from it.")
            % {"successor": successor.name}
        )
    if agency.dissolved_on is not None and agency.successor_id not in (None, successor.pk):
        raise ServiceError(_("The agency is already dissolved into another agency."))
    if not reason.strip():
        raise ServiceError(_("Give a reason: it is saved in the history."))

    agency.successor = successor
    agency.dissolved_on = on
    agency.change_kind = change_kind
    try:
        save_with_reason(agency, by=by, reason=reason)
    except ValidationError as exc:  # a circle of successors, found by Agency.clean()
        raise ServiceError(" ".join(exc.messages)) from exc

    moved_users = 0
    for user in User.objects.filter(agency=agency).prefetch_related("groups"):
        user_set_roles(user=user, agency=successor, roles=user_roles(user), by=by, reason=reason)
        moved_users += 1

    moved_actions = 0
    for action in ActionItem.objects.filter(
        owner_agency=agency, status__in=ActionItem.OPEN_STATUSES
    ):
        action.owner_agency = successor
        save_with_reason(action, by=by, reason=reason, update_fields=["owner_agency"])
        moved_actions += 1

    day_before = on - datetime.timedelta(days=1)
    ended = 0
    for membership in Membership.objects.filter(agency=agency).filter(
        models.Q(end__isnull=True) | models.Q(end__gte=on)
    ):
        membership.end = max(day_before, membership.start) if membership.start else day_before
        save_with_reason(membership, by=by, reason=reason, update_fields=["end"])
        ended += 1

    # Apps that own records tied to an agency (measures, guidance assignments…) register a
    # handler in kiraad.registry from their AppConfig; the council core never imports them.
    moved_by_apps = {
        handler.name: handler.provider(
            agency=agency, successor=successor, on=on, by=by, reason=reason
        )
        for handler in registry.dissolution_handlers
    }
    return DissolutionReport(
        users=moved_users,
        action_items=moved_actions,
        memberships_ended=ended,
        moved_by_apps=moved_by_apps,
    )


@transaction.atomic
def user_set_roles(
    *, user: User, agency: Agency | None, roles: set[Role], by: User | None, reason: str
) -> User:
    """Set a user's agency and roles; the one way to change either (admin, services, commands).

    A user's rights come from their groups only: the role groups and the group of their agency,
    which holds the agency's object permissions. So the old agency's rights go and the new
    ones come in the same transaction; direct per-user object grants are dropped.
    """
    user.agency = agency
    save_with_reason(user, by=by, reason=reason)
    role_names = {str(role) for role in Role}
    keep = user.groups.exclude(name__in=role_names).exclude(name__startswith=AGENCY_GROUP_PREFIX)
    groups = list(keep)
    groups += [Group.objects.get_or_create(name=str(role))[0] for role in roles]
    if agency is not None:
        groups.append(agency_group(agency))
    user.groups.set(groups)
    revoke_user_object_perms(user)
    # Role checks cache the user's groups on the object: forget them.
    for attr in ("_role_cache", "_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attr, None)
    return user
