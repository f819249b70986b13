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
        awaiting = selectors.escalations_awaiting_council_summary(limit=10)
        return DashboardPanel(
            title=_("Escalations awaiting the council"),
            template="network/panels/escalations.html",
            context={
                "mode": "secretariat",
                "escalations": awaiting.escalations,
                "overdue": awaiting.waited_too_long,
                "overdue_count": awaiting.waited_too_long_count,
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
