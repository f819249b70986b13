"""The network app's contributions to «Mine oppgaver». Registered in NetworkConfig.ready()."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from kiraad import access
from kiraad.content_lang import interpolate
from kiraad.notifications.todo import TaskKind, Todo
from network.access import can_review_deployment
from network.models import AIDeployment, Escalation


def network_tasks(user, *, today: datetime.date) -> list[TaskKind]:
    """The secretariat: escalations waiting for the council. A network coordinator: answers
    sent back to close, register entries by others waiting for review. One query each when
    read."""
    kinds: list[TaskKind] = []
    escalations = reverse("network:escalation-list")
    category = _("Escalations")
    if access.is_secretariat(user):
        assess = _("Assess the escalation: %(title)s")
        kinds.append(
            TaskKind(
                rows=Escalation.objects.filter(status__in=Escalation.WAITING_STATUSES)
                .only("pk", "title")
                .order_by("priority", "raised_at", "pk"),
                todo=lambda escalation: Todo(
                    title=interpolate(assess, title=escalation.title),
                    url=escalation.get_absolute_url(),
                    category=category,
                ),
                category=category,
                more_url=escalations,
            )
        )
    if access.is_network_coordinator(user):
        answered = _("The council has answered: %(title)s")
        kinds.append(
            TaskKind(
                rows=Escalation.objects.filter(status=Escalation.Status.SENT_BACK)
                .only("pk", "title")
                .order_by("sent_back_at", "pk"),
                todo=lambda escalation: Todo(
                    title=interpolate(answered, title=escalation.title),
                    url=escalation.get_absolute_url(),
                    category=category,
                ),
                category=category,
                more_url=f"{escalations}?status={Escalation.Status.SENT_BACK}",
            )
        )
    if can_review_deployment(user) and not access.is_secretariat(user):
        register = _("AI register")
        review = _("Review the register entry: %(entry)s")
        kinds.append(
            TaskKind(
                rows=AIDeployment.objects.filter(publication=AIDeployment.Publication.DRAFT)
                .exclude(reported_by=user)
                .only("pk", "system", "health_trust", "language")
                .order_by("pk"),
                todo=lambda deployment: Todo(
                    title=interpolate(review, deployment.language, entry=deployment),
                    url=deployment.get_absolute_url(),
                    category=register,
                ),
                category=register,
                more_url=reverse("network:deployment-list"),
            )
        )
    return kinds
