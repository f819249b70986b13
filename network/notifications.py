"""The network app's contributions to «Mine oppgaver». Registered in NetworkConfig.ready()."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from kiraad import access
from kiraad.notifications.todo import Todo, capped, more
from network.access import can_review_deployment
from network.models import AIDeployment, Escalation


def network_tasks(user, *, today: datetime.date) -> list[Todo]:
    """The secretariat: escalations waiting for the council. A network coordinator: answers
    sent back to close, register entries by others waiting for review. One query each."""
    todos: list[Todo] = []
    escalations = reverse("network:escalation-list")
    if access.is_secretariat(user):
        waiting, total = capped(
            Escalation.objects.filter(status__in=Escalation.WAITING_STATUSES).order_by(
                "priority", "raised_at", "pk"
            )
        )
        for escalation in waiting:
            todos.append(
                Todo(
                    title=_("Assess the escalation: %(title)s") % {"title": escalation.title},
                    url=escalation.get_absolute_url(),
                    category=_("Escalations"),
                    due=None,
                )
            )
        todos += more(total=total, shown=len(waiting), url=escalations, category=_("Escalations"))
    if access.is_network_coordinator(user):
        answered, total = capped(
            Escalation.objects.filter(status=Escalation.Status.SENT_BACK).order_by(
                "sent_back_at", "pk"
            )
        )
        for escalation in answered:
            todos.append(
                Todo(
                    title=_("The council has answered: %(title)s") % {"title": escalation.title},
                    url=escalation.get_absolute_url(),
                    category=_("Escalations"),
                )
            )
        url = f"{escalations}?status={Escalation.Status.SENT_BACK}"
        todos += more(total=total, shown=len(answered), url=url, category=_("Escalations"))
    if can_review_deployment(user) and not access.is_secretariat(user):
        drafts, total = capped(
            AIDeployment.objects.filter(publication=AIDeployment.Publication.DRAFT)
            .exclude(reported_by=user)
            .order_by("pk")
        )
        for deployment in drafts:
            todos.append(
                Todo(
                    title=_("Review the register entry: %(entry)s") % {"entry": deployment},
                    url=reverse("network:deployment-detail", args=[deployment.pk]),
                    category=_("AI register"),
                )
            )
        todos += more(
            total=total,
            shown=len(drafts),
            url=reverse("network:deployment-list"),
            category=_("AI register"),
        )
    return todos
