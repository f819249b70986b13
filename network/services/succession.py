"""What moves when an agency is dissolved: its open escalations and register entries."""

import datetime

from kiraad.models import Agency, User
from kiraad.services import save_with_reason
from network.models import (
    AIDeployment,
    Escalation,
)


def move_to_successor(
    *, agency: Agency, successor: Agency, on: datetime.date, by: User | None, reason: str
) -> int:
    """Dissolution handler: the dissolved agency's open escalations and its register entries
    move to the successor (with history)."""
    moved = 0
    for escalation in Escalation.objects.filter(
        responsible_agency=agency, status__in=Escalation.OPEN_STATUSES
    ):
        escalation.responsible_agency = successor
        save_with_reason(escalation, by=by, reason=reason, update_fields=["responsible_agency"])
        moved += 1
    for deployment in AIDeployment.objects.filter(reporting_agency=agency):
        deployment.reporting_agency = successor
        save_with_reason(deployment, by=by, reason=reason, update_fields=["reporting_agency"])
        moved += 1
    return moved
