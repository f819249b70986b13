"""The council core's dashboard panel: the next meeting and overdue follow-up actions."""

from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad import access
from kiraad.dashboard import DashboardPanel
from kiraad.models import ActionItem, Meeting
from kiraad.selectors import COUNCIL_BODY_KEY


def council_panel(user) -> DashboardPanel:
    today = timezone.localdate()
    next_meeting = (
        Meeting.objects.select_related("body")
        .filter(body__key=COUNCIL_BODY_KEY, starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    overdue = ActionItem.objects.select_related("owner_agency", "meeting").filter(
        status__in=ActionItem.OPEN_STATUSES, due_date__lt=today
    )
    if not access.is_secretariat(user):
        overdue = overdue.filter(owner_agency_id=user.agency_id) if user.agency_id else overdue.none()
    return DashboardPanel(
        title=_("The council"),
        template="kiraad/panels/council.html",
        context={"next_meeting": next_meeting, "overdue_actions": list(overdue[:20])},
        order=10,
    )
