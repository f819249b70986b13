"""The dashboard's top panel: the signed-in person's «Mine oppgaver», loaded after the page
(notifications.views.tasks with ?fragment=panel) so the dashboard itself reads nothing more."""

from django.utils.translation import gettext as _

from kiraad.dashboard import DashboardPanel

PANEL_LIMIT = 8


def tasks_panel(user) -> DashboardPanel:
    return DashboardPanel(
        title=_("My tasks"), template="notifications/panels/tasks.html", context={}, order=1
    )
