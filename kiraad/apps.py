from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules that declare history reasons (kiraad.history.SystemReason) and that
# nothing else imports at start-up. The other apps import their services in their own ready().
REASON_MODULES = ("kiraad.reasons", "kiraad.meetings.reasons", "kiraad.reports.reasons")


class KiraadConfig(AppConfig):
    name = "kiraad"
    verbose_name = _("The council")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from kiraad import checks  # noqa: F401 (registers the deployment checks)
        from kiraad.middleware import stamp_new_session

        user_logged_in.connect(stamp_new_session, dispatch_uid="kiraad-stamp-new-session")
        for module in REASON_MODULES:
            import_module(module)
