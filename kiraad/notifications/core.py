"""The council core's contributions to «Mine oppgaver» and to the daily reminders: meetings,
follow-up actions, member terms and the mandate. Registered in KiraadConfig.ready()."""

import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kiraad import access
from kiraad.access import Role
from kiraad.content_lang import interpolate
from kiraad.models import ActionItem, Commission, Mandate, Meeting, Membership, StatusReport
from kiraad.notifications import notify
from kiraad.notifications.todo import TaskKind, Todo

AGENDA_DAYS = 14
MEMBER_TERM = gettext_noop("Member term")
MANDATE = gettext_noop("The mandate")


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def _mandates_ending(*, today: datetime.date) -> QuerySet[Mandate]:
    ending = today + datetime.timedelta(days=settings.TERM_WARNING_DAYS)
    adopted = Mandate.Status.ADOPTED
    renewed = Mandate.objects.filter(
        body=OuterRef("body"), status=adopted, term_start__gt=OuterRef("term_start")
    )
    return (
        Mandate.objects.filter(status=adopted, term_end__gte=today, term_end__lte=ending)
        .exclude(Exists(renewed))
        .order_by("term_end", "pk")
    )


def _memberships_ending(*, today: datetime.date) -> QuerySet[Membership]:
    ending = today + datetime.timedelta(days=settings.TERM_WARNING_DAYS)
    continued = Membership.objects.filter(
        agency=OuterRef("agency"),
        mandate__body=OuterRef("mandate__body"),
        start__gt=OuterRef("start"),
    )
    return (
        Membership.objects.select_related("agency", "mandate")
        .filter(end__gte=today, end__lte=ending, mandate__status=Mandate.Status.ADOPTED)
        .exclude(mandate__term_end=F("end"))
        .exclude(Exists(continued))
        .order_by("end", "pk")
    )


def terms_ending(*, today: datetime.date) -> tuple[list[Mandate], list[Membership]]:
    """What ends within TERM_WARNING_DAYS: adopted mandates that no newer adopted mandate of the
    same body follows, and member terms ending before their mandate does (one ending with the
    mandate is told by the mandate's notice) that no later membership of the agency continues.
    Two queries."""
    return list(_mandates_ending(today=today)), list(_memberships_ending(today=today))


def reports_due(*, today: datetime.date) -> QuerySet[Commission]:
    """Ministry commissions whose deadline is at most REPORT_DUE_DAYS ahead (or at most
    REPORT_OVERDUE_DAYS past) and that no finished status report answers yet."""
    answered = StatusReport.objects.filter(
        commissions=OuterRef("pk"), state=StatusReport.State.DONE
    )
    return (
        Commission.objects.select_related("agency")
        .filter(
            deadline__gte=today - datetime.timedelta(days=settings.REPORT_OVERDUE_DAYS),
            deadline__lte=today + datetime.timedelta(days=settings.REPORT_DUE_DAYS),
        )
        .exclude(Exists(answered))
        .order_by("deadline", "reference")
    )


def council_tasks(user, *, today: datetime.date) -> list[TaskKind]:
    """The secretariat: agendas to publish, held meetings to close, status reports due to the
    ministry, terms ending; an agency representative: their agency's open follow-up actions.
    One query each when read; nothing is read here."""
    kinds: list[TaskKind] = []
    if access.is_secretariat(user):
        horizon = today + datetime.timedelta(days=AGENDA_DAYS)
        # Translated once, not per line.
        meetings_category = _("Meetings")
        publish = _("Publish the agenda: %(meeting)s")
        minutes = _("Write and approve the minutes: %(meeting)s")

        def meeting_todo(meeting: Meeting) -> Todo:
            planned = meeting.status == Meeting.Status.PLANNED
            return Todo(
                title=interpolate(publish if planned else minutes, meeting=meeting),
                url=meeting.get_absolute_url(),
                category=meetings_category,
                due=meeting.starts_at.date() if planned else None,
            )

        kinds.append(
            TaskKind(
                rows=Meeting.objects.filter(
                    Q(status=Meeting.Status.PLANNED, starts_at__date__lte=horizon)
                    | Q(status=Meeting.Status.HELD)
                )
                .only("pk", "number", "title", "status", "starts_at")
                .order_by("starts_at"),
                todo=meeting_todo,
                category=meetings_category,
                more_url=reverse("kiraad:council"),
            )
        )
        order = reverse("reports:report-list")
        reports_category = _("Reports")
        report_due = _("Status report due to the ministry: %(commission)s")
        kinds.append(
            TaskKind(
                rows=reports_due(today=today),
                todo=lambda commission: Todo(
                    title=interpolate(report_due, commission=commission),
                    url=f"{order}?commission={commission.pk}",
                    category=reports_category,
                    due=commission.deadline,
                    detail=commission.agency.display_name,
                ),
                category=reports_category,
            )
        )
        council = reverse("kiraad:council")
        terms_category = _("Terms")
        mandate_ends = _("The mandate ends: %(title)s")
        term_ends = _("Member term ends: %(agency)s")
        kinds.append(
            TaskKind(
                rows=_mandates_ending(today=today),
                todo=lambda mandate: Todo(
                    title=interpolate(mandate_ends, title=mandate.title),
                    url=council,
                    category=terms_category,
                    due=mandate.term_end,
                ),
                category=terms_category,
            )
        )
        kinds.append(
            TaskKind(
                rows=_memberships_ending(today=today),
                todo=lambda membership: Todo(
                    title=term_ends % {"agency": membership.agency.display_name},
                    url=council,
                    category=terms_category,
                    due=membership.end,
                ),
                category=terms_category,
            )
        )
    if access.is_agency_representative(user):
        actions_category = _("Follow-up actions")
        action_title = _("Follow-up action: %(title)s")
        kinds.append(
            TaskKind(
                rows=ActionItem.objects.filter(
                    owner_agency_id=user.agency_id, status__in=ActionItem.OPEN_STATUSES
                )
                .only("pk", "title", "due_date", "meeting_id")
                .order_by("due_date", "pk"),
                todo=lambda action: Todo(
                    title=interpolate(action_title, title=action.title),
                    url=reverse("kiraad:meeting-detail", args=[action.meeting_id]),
                    category=actions_category,
                    due=action.due_date,
                ),
                category=actions_category,
                more_url=reverse("kiraad:council"),
            )
        )
    return kinds


def council_sweep(*, today: datetime.date) -> int:
    """Actions due soon or overdue (to the owning agency); terms and the mandate ending (to the
    secretariat). Each reminder is keyed, so a day's second run sends nothing new."""
    queued = 0
    soon = today + datetime.timedelta(days=settings.NOTIFY_ACTION_DUE_DAYS)
    actions = ActionItem.objects.select_related("owner_agency", "meeting").filter(
        status__in=ActionItem.OPEN_STATUSES, due_date__isnull=False, due_date__lte=soon
    )
    for action in actions:
        if action.due_date is None:
            continue
        overdue = action.due_date < today
        queued += notify(
            kind="action_due",
            recipients=[action.owner_agency],
            subject_object=action,
            context={
                "title": action.title,
                "agency": action.owner_agency.display_name,
                "due": _date(action.due_date),
            },
            path=action.meeting.get_absolute_url(),
            key=f"action-{'overdue' if overdue else 'due'}:{action.due_date}",
        )
    council = reverse("kiraad:council")
    mandates, memberships = terms_ending(today=today)
    for mandate in mandates:
        if mandate.term_end is None:
            continue
        queued += notify(
            kind="term_ending",
            recipients=[Role.SECRETARIAT],
            subject_object=mandate,
            context={"what": MANDATE, "title": mandate.title, "due": _date(mandate.term_end)},
            path=council,
            key=f"term-ending:{mandate.term_end}",
        )
    for membership in memberships:
        if membership.end is None:
            continue
        queued += notify(
            kind="term_ending",
            recipients=[Role.SECRETARIAT],
            subject_object=membership,
            context={
                "what": MEMBER_TERM,
                "title": f"{membership.agency.display_name} ({membership.mandate.title})",
                "due": _date(membership.end),
            },
            path=council,
            key=f"term-ending:{membership.end}",
        )
    return queued
