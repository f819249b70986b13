"""Why a meeting record changed, as its history records it (see kiraad.history)."""

from django.utils.translation import gettext_noop

from kiraad.history import SystemReason
from kiraad.meetings.models import Meeting

PLANNED = SystemReason("meetings.planned", gettext_noop("Meeting planned"))
APPROVAL_ITEM_ADDED = SystemReason(
    "meetings.approval_item_added", gettext_noop("Minutes approval item added automatically")
)
APPROVAL_ITEM_REMOVED = SystemReason(
    "meetings.approval_item_removed",
    gettext_noop("Minutes approval item removed: the approval belongs to another meeting"),
)
AGENDA_ITEM_EDITED = SystemReason("meetings.agenda_item_edited", gettext_noop("Agenda item edited"))
AGENDA_ITEM_REMOVED = SystemReason(
    "meetings.agenda_item_removed", gettext_noop("Agenda item removed")
)
MEETING_CHANGED = SystemReason(
    "meetings.changed", gettext_noop("Meeting moved or its place changed")
)
AGENDA_ITEM_ADDED = SystemReason("meetings.agenda_item_added", gettext_noop("Agenda item added"))
AGENDA_REORDERED = SystemReason("meetings.agenda_reordered", gettext_noop("Agenda reordered"))
DOCUMENT_ATTACHED = SystemReason("meetings.document_attached", gettext_noop("Document attached"))
STATUS = {
    Meeting.Status.PLANNED: SystemReason(
        "meetings.status_planned", gettext_noop("Status set to planned")
    ),
    Meeting.Status.AGENDA_PUBLISHED: SystemReason(
        "meetings.status_agenda_published", gettext_noop("Status set to agenda_published")
    ),
    Meeting.Status.HELD: SystemReason("meetings.status_held", gettext_noop("Status set to held")),
    Meeting.Status.CLOSED: SystemReason("meetings.status_closed", gettext_noop("Meeting closed")),
    Meeting.Status.CANCELLED: SystemReason(
        "meetings.status_cancelled", gettext_noop("Status set to cancelled")
    ),
}
ATTENDANCE_RECORDED = SystemReason(
    "meetings.attendance_recorded", gettext_noop("Attendance recorded")
)
OUTCOME_RECORDED = SystemReason("meetings.outcome_recorded", gettext_noop("Outcome recorded"))
MINUTES_WRITTEN = SystemReason("meetings.minutes_written", gettext_noop("Minutes written"))
MINUTES_APPROVED = SystemReason("meetings.minutes_approved", gettext_noop("Minutes approved"))
MINUTES_APPROVED_AT = SystemReason(
    "meetings.minutes_approved_at", gettext_noop("Minutes approved at %(meeting)s")
)
ACTION_CREATED = SystemReason("meetings.action_created", gettext_noop("Follow-up action created"))
ACTION_STATUS_UPDATED = SystemReason(
    "meetings.action_status_updated", gettext_noop("Status updated")
)
CALENDAR_TOKEN_CREATED = SystemReason(
    "meetings.calendar_token_created", gettext_noop("Calendar token created")
)
CALENDAR_TOKEN_REVOKED = SystemReason(
    "meetings.calendar_token_revoked", gettext_noop("Calendar token revoked")
)
# Recorded on a measure, escalation, guidance request or theme when the secretariat links it to
# an agenda item from the meeting page (or removes the link).
RECORD_LINKED = SystemReason(
    "meetings.record_linked", gettext_noop("Linked to agenda item «%(item)s» of %(meeting)s")
)
RECORD_UNLINKED = SystemReason(
    "meetings.record_unlinked",
    gettext_noop("Link to agenda item «%(item)s» of %(meeting)s removed"),
)
FOLLOW_UP_ITEM_ADDED = SystemReason(
    "meetings.follow_up_item_added",
    gettext_noop("Follow-up of earlier meetings added: actions from earlier meetings are open"),
)
FOLLOW_UP_ITEM_REMOVED = SystemReason(
    "meetings.follow_up_item_removed",
    gettext_noop(
        "Follow-up of earlier meetings removed: no actions from earlier meetings are open"
    ),
)
