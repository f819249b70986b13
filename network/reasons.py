"""Why a network record changed, as its history records it (see kiraad.history)."""

from django.utils.translation import gettext_noop

from kiraad.history import SystemReason

DRAFT_CREATED = SystemReason("network.draft_created", gettext_noop("draft created"))
RAISED = SystemReason("network.raised", gettext_noop("raised"))
EDITED = SystemReason("network.edited", gettext_noop("edited"))
JOINT_ASSESSMENT = SystemReason("network.joint_assessment", gettext_noop("joint assessment"))
PRIORITY_OVERRIDDEN = SystemReason(
    "network.priority_overridden", gettext_noop("priority overridden: %(reason)s")
)
OVERRIDE_REMOVED = SystemReason(
    "network.override_removed", gettext_noop("override removed: %(reason)s")
)
AGENDA_ITEM_FROM_ESCALATION = SystemReason(
    "network.agenda_item_from_escalation",
    gettext_noop("escalation from the network put on the agenda"),
)
PUT_ON_AGENDA = SystemReason("network.put_on_agenda", gettext_noop("put on the agenda"))
COUNCIL_RESPONSE = SystemReason(
    "network.council_response", gettext_noop("council response recorded")
)
SENT_BACK = SystemReason("network.sent_back", gettext_noop("sent back to the network"))
CLOSED = SystemReason("network.closed", gettext_noop("closed: %(reason)s"))
REPORTED = SystemReason("network.reported", gettext_noop("reported to the register"))
REGISTER_PUBLISHED = SystemReason(
    "network.register_published", gettext_noop("register entry reviewed and published")
)
REGISTER_WITHDRAWN = SystemReason(
    "network.register_withdrawn", gettext_noop("register entry withdrawn")
)
REGISTER_UPDATED = SystemReason("network.register_updated", gettext_noop("register entry updated"))
EXPERIENCE_REPORTED = SystemReason(
    "network.experience_reported", gettext_noop("experience reported")
)
