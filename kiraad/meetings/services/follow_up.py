"""The standing agenda item «Oppfølgingspunkter fra tidligere møter».

Every meeting of a body that is not yet held carries it while follow-up actions of the body's
earlier meetings are open; the meeting page lists those actions under it, each with its status
changed in place. `follow_up_items_sync` places and removes it; it is idempotent and is called
after every change that can move it (approval_items_sync's callers: planning, moving, cancelling
or holding a meeting; and creating an action or changing its status).
"""

from django.db import transaction

from kiraad.history import mark_change
from kiraad.meetings import reasons
from kiraad.meetings.models import ActionItem, AgendaItem, Meeting
from kiraad.models import User
from kiraad.services import save_with_reason

FOLLOW_UP_TITLE = "Oppfølgingspunkter fra tidligere møter"


@transaction.atomic
def follow_up_items_sync(*, body_id: int, by: User | None) -> None:
    """Give each open meeting of the body the follow-up item exactly when an action of an
    earlier meeting is open; an item already dealt with (an outcome written) stays."""
    meetings = list(
        Meeting.objects.filter(body_id=body_id, status__in=Meeting.OPEN_STATUSES).order_by(
            "starts_at", "pk"
        )
    )
    if not meetings:
        return
    earliest_open = (
        ActionItem.objects.filter(meeting__body_id=body_id, status__in=ActionItem.OPEN_STATUSES)
        .order_by("meeting__starts_at")
        .values_list("meeting__starts_at", flat=True)
        .first()
    )
    present = {
        item.meeting_id: item
        for item in AgendaItem.objects.filter(meeting__in=meetings, carries_actions=True)
    }
    for meeting in meetings:
        wanted = earliest_open is not None and earliest_open < meeting.starts_at
        item = present.get(meeting.pk)
        if wanted and item is None:
            item = AgendaItem(
                meeting=meeting,
                order=0,
                kind=AgendaItem.Kind.INFORMATION,
                title=FOLLOW_UP_TITLE,
                carries_actions=True,
            )
            save_with_reason(item, by=by, reason=reasons.FOLLOW_UP_ITEM_ADDED())
        elif not wanted and item is not None and not item.outcome:
            mark_change(item, reason=reasons.FOLLOW_UP_ITEM_REMOVED(), by=by)
            item.delete()
