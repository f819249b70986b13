"""Why a measure or plan changed, as its history records it (see kiraad.history)."""

from django.utils.translation import gettext_noop

from kiraad.history import SystemReason

MEASURE_CREATED = SystemReason("measures.measure_created", gettext_noop("Measure created"))
MEASURE_EDITED = SystemReason("measures.measure_edited", gettext_noop("Measure edited"))
MILESTONE_ADDED = SystemReason("measures.milestone_added", gettext_noop("Milestone added"))
MILESTONE_CHANGED = SystemReason("measures.milestone_changed", gettext_noop("Milestone changed"))
PLAN_CREATED = SystemReason("measures.plan_created", gettext_noop("Plan created"))
PLAN_EDITED = SystemReason("measures.plan_edited", gettext_noop("Plan edited"))
ROUND_ADDED = SystemReason("measures.round_added", gettext_noop("Reporting round added"))
STATUS_UPDATE = SystemReason("measures.status_update", gettext_noop("status update"))
AGENCY_SUCCEEDED = SystemReason(
    "measures.agency_succeeded", gettext_noop("%(agency)s became part of %(successor)s")
)
