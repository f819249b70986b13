"""Reads of the notifications app: whether a row may still go out, the failed ones, the
preferences page and «Mine oppgaver»."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from kiraad import registry
from kiraad.access import Role
from kiraad.models import User
from kiraad.notifications import KINDS, Kind
from kiraad.notifications.todo import Todo
from notifications.models import AgencyMailbox, Delivery, Notification, Preference, UserSettings


def undeliverable_reason(row: Notification) -> str:
    """Why `row` must not be sent now ("" if it may): the person is inactive, has no address,
    turned the kind off, or no longer holds the role or agency it was addressed through."""
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
    if Preference.objects.filter(user=user, kind=row.kind, delivery=Delivery.OFF).exists():
        return "unsubscribed"
    if row.via.startswith("agency:"):
        agency_id = int(row.via.split(":", 1)[1])
        if (
            user.agency_id != agency_id
            or not user.groups.filter(name=Role.AGENCY_REPRESENTATIVE).exists()
        ):
            return "no longer a representative of the agency"
        if (
            user.agency
            and user.agency.dissolved_on
            and user.agency.dissolved_on <= timezone.localdate()
        ):
            return "agency dissolved"
    elif (
        row.via.startswith("role:")
        and not user.groups.filter(name=row.via.split(":", 1)[1]).exists()
    ):
        return "role removed"
    return ""


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


def my_tasks(*, user: User, today: datetime.date | None = None) -> list[Todo]:
    """What `user` has to do, from every app's task provider; the most urgent first."""
    today = today or timezone.localdate()
    todos: list[Todo] = []
    for provider in registry.task_providers.providers():
        todos += provider(user, today=today)
    far = datetime.date.max
    return sorted(todos, key=lambda todo: (todo.due or far, todo.category, todo.title))
