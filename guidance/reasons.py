"""Why a guidance record changed, as its history records it (see kiraad.history)."""

from django.utils.translation import gettext_noop

from kiraad.history import SystemReason

RECEIVED = SystemReason("guidance.received", gettext_noop("received through the public form"))
FOLLOW_UP = SystemReason("guidance.follow_up", gettext_noop("follow-up from the tracking page"))
TRIAGE_ACCEPT = SystemReason("guidance.triage_accept", gettext_noop("triage: accept"))
TRIAGE_REJECT = SystemReason("guidance.triage_reject", gettext_noop("triage: reject"))
TRIAGE_REFER = SystemReason("guidance.triage_refer", gettext_noop("triage: refer"))
TRIAGE_DECLINE = SystemReason("guidance.triage_decline", gettext_noop("triage: decline"))
AREAS_SET = SystemReason("guidance.areas_set", gettext_noop("regulatory areas set"))
# Rows written before the agencies were named keep the short text.
AGENCIES_ASSIGNED_UNNAMED = SystemReason(
    "guidance.agencies_assigned", gettext_noop("agencies assigned")
)
AGENCIES_ASSIGNED = SystemReason(
    "guidance.agencies_assigned_to",
    gettext_noop("agencies assigned – lead: %(lead)s; added: %(added)s; removed: %(removed)s"),
)
DUE_DATE_SET = SystemReason("guidance.due_date_set", gettext_noop("due date set"))
INTERNAL_NOTE = SystemReason("guidance.internal_note", gettext_noop("internal note"))
WORK_STARTED = SystemReason("guidance.work_started", gettext_noop("work started"))
DRAFT_SAVED = SystemReason("guidance.draft_saved", gettext_noop("draft saved"))
SIGNED_OFF = SystemReason("guidance.signed_off", gettext_noop("signed off"))
JOINT_ANSWER_WRITTEN = SystemReason(
    "guidance.joint_answer_written", gettext_noop("joint answer written")
)
SIGN_OFF_VOIDED = SystemReason(
    "guidance.sign_off_voided", gettext_noop("answer changed; sign-off voided")
)
DMP_CONFIRMED = SystemReason(
    "guidance.dmp_confirmed",
    gettext_noop("DMP confirmed no conflict with its supervisory role"),
)
ANSWER_SENT = SystemReason("guidance.answer_sent", gettext_noop("answer sent"))
CLOSED = SystemReason("guidance.closed", gettext_noop("closed"))
MEETING_SAVED = SystemReason("guidance.meeting_saved", gettext_noop("guidance meeting saved"))
MEETING_OFFERED = SystemReason(
    "guidance.meeting_offered",
    gettext_noop("guidance meeting offered for %(reference)s"),
    codes=("reference",),
)
GAP_RECORDED = SystemReason("guidance.gap_recorded", gettext_noop("gap recorded"))
ARTICLE_SAVED = SystemReason("guidance.article_saved", gettext_noop("article saved"))
PUBLISHED = SystemReason("guidance.published", gettext_noop("published"))
UNPUBLISHED = SystemReason("guidance.unpublished", gettext_noop("unpublished: %(reason)s"))
RETENTION_ENDED = SystemReason("guidance.retention_ended", gettext_noop("retention period ended"))
ANONYMISED = SystemReason("guidance.anonymised", gettext_noop("anonymised: %(reason)s"))
