"""Who may see or change what. The only module that talks to django-guardian.

Roles are Django groups named by `Role`. Object permissions are granted to one group per agency
(`agency:<CODE>`), never to users directly and never model-wide, so that changing a user's
agency or an object's owners is one service call.
"""

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404
from guardian.models import UserObjectPermissionBase
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm
from guardian.utils import get_group_obj_perms_model

from kiraad.models import Agency, StatusReport, User

type AnyUser = User | AnonymousUser


def agency_id_of(user: AnyUser) -> int | None:
    """The agency a signed-in user acts for; None for an anonymous user or one without."""
    return user.agency_id if isinstance(user, User) else None


class Role(StrEnum):
    SECRETARIAT = "sekretariat"
    AGENCY_REPRESENTATIVE = "agency_representative"
    NETWORK_COORDINATOR = "network_coordinator"


AGENCY_GROUP_PREFIX = "agency:"


def _role_flag(role: Role) -> str:
    return f"has_role_{role.name.lower()}"


def users_with_roles(queryset: models.QuerySet[User]) -> models.QuerySet[User]:
    """`queryset` with each user's roles read in the same query (one EXISTS per role), so the
    role checks below need no query of their own. kiraad.backends loads the signed-in user so."""
    return queryset.annotate(
        **{
            _role_flag(role): Exists(Group.objects.filter(user=OuterRef("pk"), name=role))
            for role in Role
        }
    )


def _in_group(user: AnyUser, role: Role) -> bool:
    if not isinstance(user, User) or not user.is_authenticated:
        return False
    # Roles are read once per user object and cached on it: from the annotations of
    # users_with_roles when the user was loaded so, else from one query.
    cache = getattr(user, "_role_cache", None)
    if cache is None:
        if all(hasattr(user, _role_flag(r)) for r in Role):
            cache = {str(r) for r in Role if getattr(user, _role_flag(r))}
        else:
            cache = set(user.groups.values_list("name", flat=True))
        user._role_cache = cache
    return str(role) in cache


def is_admin(user: AnyUser) -> bool:
    """Admins use the Django admin; a superuser may do everything."""
    return bool(user.is_authenticated and user.is_superuser)


def is_secretariat(user: AnyUser) -> bool:
    """The secretariat at Helsedirektoratet runs the council and sees everything in the portal."""
    return is_admin(user) or _in_group(user, Role.SECRETARIAT)


def is_network_coordinator(user: AnyUser) -> bool:
    """A coordinator of the competence network (KIN)."""
    return _in_group(user, Role.NETWORK_COORDINATOR)


def is_agency_representative(user: AnyUser) -> bool:
    """A representative of a member agency, acting for `user.agency`."""
    return bool(user.is_authenticated and user.agency_id) and _in_group(
        user, Role.AGENCY_REPRESENTATIVE
    )


def user_roles(user: User) -> set[Role]:
    """The roles `user` holds now (read from the groups, or their prefetched list)."""
    return {Role(group.name) for group in user.groups.all() if group.name in set(Role)}


def revoke_user_object_perms(user: User) -> None:
    """Drop object permissions granted to `user` directly: rights come from groups only."""
    for model in apps.get_models():
        if issubclass(model, UserObjectPermissionBase) and not model._meta.abstract:
            model.objects.filter(user=user).delete()


def agency_group(agency: Agency) -> Group:
    """The group that holds an agency's object permissions."""
    group, _created = Group.objects.get_or_create(name=f"{AGENCY_GROUP_PREFIX}{agency.code}")
    return group


def user_can(user: AnyUser, perm: str, obj: models.Model) -> bool:
    """Whether `user` holds object permission `perm` (codename, e.g. "change_measure") on `obj`.

    As guardian's has_perm decides (an active superuser holds every permission, others through
    a grant on the object to them or their groups), but in one query where has_perm reads the
    user's grants and their groups' grants in two.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return objects_for_user(user, perm, type(obj)._default_manager.filter(pk=obj.pk)).exists()


def objects_for_user(
    user: AnyUser, perm: str, queryset: models.QuerySet[Any] | type[models.Model]
) -> models.QuerySet[Any]:
    """The objects on which `user` holds `perm` through an object grant.

    Global (model-wide) grants are ignored on purpose: one «change measure» ticked in the admin
    must not make every measure editable in lists.
    """
    if not user.is_authenticated:
        model = queryset if isinstance(queryset, type) else queryset.model
        return model._default_manager.none()
    return get_objects_for_user(
        user, perm, klass=queryset, accept_global_perms=False, with_superuser=False
    )


def agency_groups(agencies: Iterable[Agency]) -> list[Group]:
    """The groups of `agencies`, made where missing: one query, one more to make new ones."""
    names = {f"{AGENCY_GROUP_PREFIX}{agency.code}" for agency in agencies}
    groups = list(Group.objects.filter(name__in=names))
    missing = names - {group.name for group in groups}
    if missing:
        Group.objects.bulk_create([Group(name=name) for name in missing], ignore_conflicts=True)
        groups += Group.objects.filter(name__in=missing)
    return groups


def sync_agency_perms(obj: models.Model, agencies: Iterable[Agency], perms: Iterable[str]) -> None:
    """Make exactly `agencies` hold `perms` on `obj`: grant the missing, revoke the others.

    In a fixed number of queries, whatever the number of agencies: guardian grants to and
    revokes from a list of groups at once (a grant already held is left as it is)."""
    perms = list(perms)
    groups = agency_groups(agencies)
    wanted = {group.pk for group in groups}
    model = get_group_obj_perms_model(obj)
    existing_rows = model._default_manager.filter(
        permission__codename__in=perms, group__name__startswith=AGENCY_GROUP_PREFIX
    )
    if getattr(model, "objects", None) is not None and _is_direct_fk(model):
        existing_rows = existing_rows.filter(content_object=obj)
    else:
        existing_rows = existing_rows.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        )
    holders = set(existing_rows.values_list("group_id", flat=True))
    revoked = list(Group.objects.filter(pk__in=holders - wanted))
    permissions = list(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), codename__in=perms
        )
    )
    if len(permissions) != len(set(perms)):
        raise Permission.DoesNotExist(f"Not all of {perms} exist for {type(obj).__name__}")
    for permission in permissions:
        if revoked:
            remove_perm(permission, revoked, obj)
        if groups:
            assign_perm(permission, groups, obj)


def _is_direct_fk(model: type[models.Model]) -> bool:
    field = next((f for f in model._meta.fields if f.name == "content_object"), None)
    return isinstance(field, models.ForeignKey)


def access_report(user: AnyUser, pk: int) -> StatusReport:
    """Status reports are for the secretariat only; others do not learn that one exists."""
    if not is_secretariat(user):
        raise Http404
    try:
        return StatusReport.objects.select_related("requested_by").get(pk=pk)
    except StatusReport.DoesNotExist as exc:
        raise Http404 from exc


def require_secretariat(user: AnyUser) -> None:
    """Raise 403 unless the user is in the secretariat (or an admin)."""
    if not is_secretariat(user):
        raise PermissionDenied
