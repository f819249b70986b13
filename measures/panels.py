"""The measures panel on the dashboard."""

from django.utils.translation import gettext as _

from kiraad import access
from kiraad.dashboard import DashboardPanel
from measures import selectors
from measures.access import updatable_measures


def measures_panel(user) -> DashboardPanel | None:
    """My agency's measures due an update, off track or past due; for the secretariat also
    which agencies have not reported in the current round."""
    secretariat = access.is_secretariat(user)
    agency_view = access.is_agency_representative(user)
    if not (secretariat or agency_view):
        return None
    rounds = selectors.current_rounds()
    context: dict = {
        "secretariat": secretariat,
        "agency_view": agency_view,
        "rounds": list(rounds.values()),
    }
    if agency_view:
        context["data"] = selectors.agency_panel(measures=updatable_measures(user), rounds=rounds)
    if secretariat:
        context["not_reported"] = selectors.agencies_not_reported(rounds=rounds)
    return DashboardPanel(
        title=_("Measures"), template="measures/panels/measures.html", context=context, order=20
    )
