"""Gaps: guidance that is needed but does not exist yet, for the responsible agency."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from guidance import reasons
from guidance.models import Gap, GuidanceMeeting, GuidanceRequest, RegulatoryArea
from guidance.selectors import responsible_agencies
from kiraad.models import Agency, User
from kiraad.services import save_with_reason


@dataclass(frozen=True)
class GapData:
    title: str
    description: str
    area: RegulatoryArea | None
    phase: str
    responsible_agency: Agency | None


@transaction.atomic
def gap_create(
    *,
    data: GapData,
    by: User | None,
    request: GuidanceRequest | None = None,
    meeting: GuidanceMeeting | None = None,
) -> Gap:
    """Record guidance that is needed but does not exist yet, for the responsible agency."""
    agency = data.responsible_agency
    if agency is None and data.area is not None:
        responsible = responsible_agencies(area=data.area, on=timezone.localdate())[:1]
        agency = responsible[0] if responsible else None
    gap = Gap(
        title=data.title,
        description=data.description,
        area=data.area,
        phase=data.phase,
        responsible_agency=agency,
        request=request,
        meeting=meeting,
    )
    save_with_reason(gap, by=by, reason=reasons.GAP_RECORDED())
    return gap
