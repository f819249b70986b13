"""The measures' contributions to «Mine oppgaver» and to the daily reminders: reporting rounds
(opened, deadline near, deadline passed). Registered in MeasuresConfig.ready()."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from kiraad import access
from kiraad.content_lang import interpolate, wrap
from kiraad.notifications import notify
from kiraad.notifications.todo import TaskKind, Todo
from measures import selectors
from measures.access import updatable_measures


def measures_tasks(user, *, today: datetime.date) -> list[TaskKind]:
    """A representative: their agency's measures due an update in the current round (flagged
    overdue after the round's deadline). Reads the current rounds (one query); the measures
    are read by the list or the count."""
    if not access.is_agency_representative(user):
        return []
    rounds = selectors.current_rounds(today=today)
    if not rounds:
        return []
    category = _("Measures")
    title = _("Post a status update: %(measure)s")
    return [
        TaskKind(
            rows=selectors.measures_due_in_round(measures=updatable_measures(user), rounds=rounds)
            .select_related(None)
            .only("pk", "number", "title", "plan"),
            todo=lambda measure: Todo(
                title=interpolate(title, measure=measure),
                url=reverse("measures:measure-update", args=[measure.pk]),
                category=category,
                due=rounds[measure.plan_id].due_on,
                detail=wrap(rounds[measure.plan_id].name),
            ),
            category=category,
            more_url=reverse("measures:measure-list"),
        )
    ]


def _date(day: datetime.date) -> str:
    return day.strftime("%d.%m.%Y")


def rounds_sweep(*, today: datetime.date) -> int:
    """For each current round, each agency with measures still due: «round opened» once, a
    reminder once NOTIFY_ROUND_REMINDER_DAYS before the deadline, an overdue notice once after."""
    queued = 0
    remind_from = datetime.timedelta(days=settings.NOTIFY_ROUND_REMINDER_DAYS)
    for plan_id, reporting_round in selectors.current_rounds(today=today).items():
        if today > reporting_round.due_on:
            kind = "round_overdue"
        elif today >= reporting_round.due_on - remind_from:
            kind = "round_reminder"
        else:
            kind = "round_opened"
        gaps = selectors.agencies_not_reported(rounds={plan_id: reporting_round})
        for gap in gaps:
            queued += notify(
                kind=kind,
                recipients=[gap.agency],
                subject_object=reporting_round,
                context={
                    "round": str(reporting_round),
                    "due": _date(reporting_round.due_on),
                    "count": str(gap.missing),
                },
                path=reverse("measures:plan-detail", args=[plan_id]),
                key=kind,
            )
    return queued
