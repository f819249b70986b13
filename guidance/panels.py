"""The guidance panel on the dashboard: overdue requests and articles past review."""

from django.utils import timezone
from django.utils.translation import gettext as _

from guidance import access, selectors
from guidance.models import GuidanceRequest
from kiraad import access as core_access
from kiraad.dashboard import DashboardPanel


def guidance_panel(user) -> DashboardPanel | None:
    """Secretariat: all overdue requests; an agency: the overdue requests assigned to it."""
    if not (core_access.is_secretariat(user) or core_access.is_agency_representative(user)):
        return None
    today = timezone.localdate()
    visible = access.visible_requests(user)
    overdue = list(selectors.overdue_requests(queryset=visible, today=today)[:20])
    open_count = visible.filter(status__in=GuidanceRequest.OPEN_STATUSES).count()
    agency = None if core_access.is_secretariat(user) else user.agency
    past_review = list(selectors.articles_past_review(today=today, agency=agency)[:10])
    return DashboardPanel(
        title=_("Regulatory guidance"),
        template="guidance/panels/guidance.html",
        context={"overdue": overdue, "open_count": open_count, "past_review": past_review},
        order=30,
    )
