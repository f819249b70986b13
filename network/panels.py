"""The network app's dashboard panel."""

from django.conf import settings
from django.utils.translation import gettext as _

from kiraad import access
from kiraad.dashboard import DashboardPanel
from network import selectors


def escalations_panel(user) -> DashboardPanel | None:
    """Secretariat: escalations awaiting the council, those waiting too long flagged.
    Coordinator: the status of my escalations. Others: no panel."""
    if access.is_secretariat(user):
        waiting = list(selectors.escalations_awaiting_council_brief()[:10])
        limit = selectors.escalation_wait_limit()
        return DashboardPanel(
            title=_("Escalations awaiting the council"),
            template="network/panels/escalations.html",
            context={
                "mode": "secretariat",
                "escalations": waiting,
                "overdue": {e.pk for e in waiting if e.raised_at and e.raised_at < limit},
                "overdue_count": selectors.escalations_waiting_too_long().count(),
                "wait_days": settings.ESCALATION_WAIT_DAYS,
            },
            order=20,
        )
    if access.is_network_coordinator(user):
        return DashboardPanel(
            title=_("My escalations"),
            template="network/panels/escalations.html",
            context={
                "mode": "coordinator",
                "escalations": list(selectors.escalations_raised_by(user=user)[:10]),
            },
            order=20,
        )
    return None
