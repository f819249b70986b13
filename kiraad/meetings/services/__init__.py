"""Writes for council meetings, by concern: the cycle and its guards (cycle), minutes and their
approval (approval), the agenda and what is recorded at a meeting (agenda), e-mails (notify) and
calendar tokens (calendar_tokens).

The same rules as kiraad/services.py apply: keyword-only arguments, one transaction, full_clean
and a recorded reason through save_with_reason. The names are re-exported here so callers can
keep `from kiraad.meetings import services as svc`.
"""

from kiraad.meetings.services.agenda import (
    ALLOWED_DOCUMENT_TYPES,
    MAX_DOCUMENT_BYTES,
    action_item_create,
    action_item_set_status,
    agenda_item_add,
    agenda_item_edit,
    agenda_item_move,
    agenda_item_record_outcome,
    agenda_item_remove,
    attendance_set,
    attendance_set_many,
    meeting_document_add,
    require_ordinary_item,
)
from kiraad.meetings.services.approval import (
    APPROVAL_TITLE,
    agenda_item_approve_minutes,
    approval_items_sync,
    meeting_correct_minutes,
    meeting_write_minutes,
)
from kiraad.meetings.services.calendar_tokens import (
    calendar_token_create,
    calendar_token_revoke,
    calendar_token_user,
)
from kiraad.meetings.services.cycle import (
    TRANSITIONS,
    meeting_change,
    meeting_plan,
    meeting_transition,
)
from kiraad.meetings.services.follow_up import FOLLOW_UP_TITLE, follow_up_items_sync
from kiraad.meetings.services.notify import meeting_notify_published

__all__ = [
    "ALLOWED_DOCUMENT_TYPES",
    "APPROVAL_TITLE",
    "FOLLOW_UP_TITLE",
    "MAX_DOCUMENT_BYTES",
    "TRANSITIONS",
    "action_item_create",
    "action_item_set_status",
    "agenda_item_add",
    "agenda_item_approve_minutes",
    "agenda_item_edit",
    "agenda_item_move",
    "agenda_item_record_outcome",
    "agenda_item_remove",
    "approval_items_sync",
    "attendance_set",
    "attendance_set_many",
    "calendar_token_create",
    "calendar_token_revoke",
    "calendar_token_user",
    "follow_up_items_sync",
    "meeting_change",
    "meeting_correct_minutes",
    "meeting_document_add",
    "meeting_notify_published",
    "meeting_plan",
    "meeting_transition",
    "meeting_write_minutes",
    "require_ordinary_item",
]
