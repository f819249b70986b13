"""Why a council record changed, as its history records it (see kiraad.history)."""

from django.utils.translation import gettext_noop

from kiraad.history import SystemReason

SEED_DATA = SystemReason("kiraad.seed_data", gettext_noop("basic data loaded"))
DEMO_DATA = SystemReason("kiraad.demo_data", gettext_noop("demo data loaded"))
