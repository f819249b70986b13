"""Guidance meetings with a community, and offering one from a request."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from guidance import reasons
from guidance.models import GuidanceMeeting, GuidanceRequest, RegulatoryArea
from guidance.services.gaps import GapData, gap_create
from kiraad.models import Agency, User
from kiraad.services import save_with_reason


@dataclass(frozen=True)
class MeetingData:
    title: str
    community: str
    status: str
    held_on: datetime.date | None
    phase: str
    invited_agencies: list[Agency]
    areas: list[RegulatoryArea]
    decision_makers: str
    topics: str
    summary: str
    follow_ups: str
    unclear_rules: str


@transaction.atomic
def guidance_meeting_save(
    *, data: MeetingData, by: User, meeting: GuidanceMeeting | None = None
) -> GuidanceMeeting:
    """Create or update a guidance meeting with a community."""
    meeting = meeting or GuidanceMeeting()
    for name in (
        "title",
        "community",
        "status",
        "held_on",
        "phase",
        "decision_makers",
        "topics",
        "summary",
        "follow_ups",
        "unclear_rules",
    ):
        setattr(meeting, name, getattr(data, name))
    save_with_reason(meeting, by=by, reason=reasons.MEETING_SAVED())
    meeting.invited_agencies.set(data.invited_agencies)
    meeting.areas.set(data.areas)
    if data.unclear_rules.strip() and not meeting.gaps.exists():
        gap_create(
            data=GapData(
                title=data.unclear_rules.strip()[:300],
                description=data.topics,
                area=data.areas[0] if data.areas else None,
                phase=data.phase,
                responsible_agency=None,
            ),
            by=by,
            meeting=meeting,
        )
    return meeting


@transaction.atomic
def guidance_request_offer_meeting(
    *, request: GuidanceRequest, held_on: datetime.date | None, by: User
) -> GuidanceMeeting:
    """Offer the requester a guidance meeting with the assigned agencies."""
    # The title names the request, never copies what the requester typed (the request's title
    # is scrubbed at retention; a copy here would outlive it).
    meeting = GuidanceMeeting(
        title=_("Guidance meeting on %(reference)s") % {"reference": request.reference},
        community=request.organisation,
        status=GuidanceMeeting.Status.OFFERED,
        held_on=held_on,
        phase=request.phase,
        request=request,
    )
    save_with_reason(meeting, by=by, reason=reasons.MEETING_OFFERED(reference=request.reference))
    meeting.invited_agencies.set(Agency.objects.filter(assignments__request=request))
    meeting.areas.set(request.areas.all())
    return meeting
