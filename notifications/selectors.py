"""Reads of the notifications app: whether a row may still go out, the failed ones, the
preferences page and «Mine oppgaver»."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from kiraad import registry
from kiraad.access import Role
from kiraad.models import User
from kiraad.notifications import KINDS, Kind
from kiraad.notifications.todo import TaskKind, Todo, todos_of
from notifications.models import AgencyMailbox, Delivery, Notification, Preference, UserSettings


def undeliverable_reason(
    row: Notification,
    *,
    kinds_off: set[str] | None = None,
    groups: set[str] | None = None,
) -> str:
    """Why `row` must not be sent now ("" if it may): the person is inactive, has no address,
    turned the kind off, or no longer holds the role or agency it was addressed through.

    `kinds_off` and `groups` are the user's kinds turned off and group names when the caller
    has read them already (the digest, for all of one person's rows at once)."""
    if row.user_id is None:
        agency_id = int(row.via.split(":", 1)[1]) if row.via.startswith("agency:") else None
        mailbox = (
            AgencyMailbox.objects.select_related("agency").filter(agency_id=agency_id).first()
            if agency_id is not None
            else None
        )
        if mailbox is None or mailbox.email.lower() != row.email.lower():
            return "mailbox removed"
        if mailbox.agency.dissolved_on and mailbox.agency.dissolved_on <= timezone.localdate():
            return "agency dissolved"
        if row.kind in mailbox.kinds_off:
            return "unsubscribed"
        return ""
    user = row.user
    if user is None or not user.is_active:
        return "user inactive"
    if not user.email:
        return "no e-mail address"
    if kinds_off is None:
        kinds_off = set(
            Preference.objects.filter(user=user, kind=row.kind, delivery=Delivery.OFF).values_list(
                "kind", flat=True
            )
        )
    if row.kind in kinds_off:
        return "unsubscribed"
    if row.via.startswith("agency:"):
        agency_id = int(row.via.split(":", 1)[1])
        if user.agency_id != agency_id or not _in_group(user, Role.AGENCY_REPRESENTATIVE, groups):
            return "no longer a representative of the agency"
        if (
            user.agency
            and user.agency.dissolved_on
            and user.agency.dissolved_on <= timezone.localdate()
        ):
            return "agency dissolved"
    elif row.via.startswith("role:") and not _in_group(user, row.via.split(":", 1)[1], groups):
        return "role removed"
    return ""


def _in_group(user: User, name: str, groups: set[str] | None) -> bool:
    if groups is not None:
        return name in groups
    return user.groups.filter(name=name).exists()


@dataclass(frozen=True)
class DigestReader:
    """What the digest needs to know of one person, read with everyone else's."""

    user: User
    kinds_off: set[str]
    groups: set[str]
    language: str


def digest_readers(*, user_ids: list[int]) -> dict[int, DigestReader]:
    """The people `user_ids` with their agency, kinds turned off, group names and e-mail
    language: four queries for all of them (the digest reads them per batch, not per person)."""
    from django.conf import settings

    users = User.objects.select_related("agency").in_bulk(user_ids)
    kinds_off: dict[int, set[str]] = defaultdict(set)
    for user_id, kind in Preference.objects.filter(
        user_id__in=user_ids, delivery=Delivery.OFF
    ).values_list("user_id", "kind"):
        kinds_off[user_id].add(kind)
    groups: dict[int, set[str]] = defaultdict(set)
    for user_id, name in User.groups.through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "group__name"
    ):
        groups[user_id].add(name)
    languages = dict(
        UserSettings.objects.filter(user_id__in=user_ids).values_list("user_id", "language")
    )
    return {
        pk: DigestReader(
            user=user,
            kinds_off=kinds_off[pk],
            groups=groups[pk],
            language=languages.get(pk) or settings.LANGUAGE_CODE,
        )
        for pk, user in users.items()
    }


def email_language(user: User | None) -> str:
    from django.conf import settings

    if user is None:
        return settings.LANGUAGE_CODE
    found = UserSettings.objects.filter(user=user).values_list("language", flat=True).first()
    return found or settings.LANGUAGE_CODE


def agency_mailbox(*, agency_id: int | None) -> AgencyMailbox | None:
    return AgencyMailbox.objects.filter(agency_id=agency_id).first() if agency_id else None


def failed_notifications(*, limit: int = 200) -> QuerySet[Notification]:
    """Notifications that could not be sent, newest first (the secretariat's list)."""
    return Notification.objects.filter(status=Notification.Status.FAILED).select_related("user")[
        :limit
    ]


@dataclass
class PreferenceRow:
    kind: Kind
    delivery: str


def preference_rows(*, user: User) -> list[PreferenceRow]:
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return [
        PreferenceRow(kind, chosen.get(code, Delivery.IMMEDIATE)) for code, kind in KINDS.items()
    ]


def _task_kinds(user: User, today: datetime.date) -> list[TaskKind]:
    kinds: list[TaskKind] = []
    for provider in registry.task_providers.providers():
        kinds += provider(user, today=today)
    return kinds


def my_tasks(*, user: User, today: datetime.date | None = None) -> list[Todo]:
    """What `user` has to do, from every app's task provider; the most urgent first."""
    today = today or timezone.localdate()
    todos: list[Todo] = []
    for kind in _task_kinds(user, today):
        todos += todos_of(kind)
    far = datetime.date.max
    return sorted(todos, key=lambda todo: (todo.due or far, todo.category, todo.title))


def my_task_count(*, user: User, today: datetime.date | None = None) -> int:
    """How many tasks `user` has (what `my_tasks` lists, its «… and N more» lines counted in
    full), for the navigation's count on every page: every kind's total in one query, no
    line built. (A representative's provider also reads the current reporting rounds.)"""
    today = today or timezone.localdate()
    parts: list[str] = []
    params: list[Any] = []
    for number, kind in enumerate(_task_kinds(user, today)):
        # Django's own SQL for the kind's queryset, its values passed as parameters.
        sql, kind_params = kind.rows.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS kind{number})")  # noqa: S608
        params += kind_params
    if not parts:
        return 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + " + ".join(parts), params)
        return int(cursor.fetchone()[0])
