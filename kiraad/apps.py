from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KiraadConfig(AppConfig):
    name = "kiraad"
    verbose_name = _("The council")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # checks registers the deployment checks; the reasons modules declare the history
        # reason codes (kiraad.history.SystemReason), which nothing else imports at start-up.
        from kiraad import checks, demo, panels, reasons, registry, seed  # noqa: F401
        from kiraad.meetings import ical as meetings_ical
        from kiraad.meetings import reasons as _meeting_reasons  # noqa: F401
        from kiraad.meetings import seed as meetings_seed
        from kiraad.middleware import stamp_new_session
        from kiraad.notifications import core as notifications_core
        from kiraad.reports import reasons as _report_reasons  # noqa: F401

        user_logged_in.connect(stamp_new_session, dispatch_uid="kiraad-stamp-new-session")

        registry.dashboard_panels.add(panels.council_panel, order=10)
        registry.seed_loaders.add(seed.load_seed, order=10)
        # The past meetings after the apps' seed data; the demo meetings before the apps' demo
        # data, which put items on their agendas.
        registry.seed_loaders.add(meetings_seed.load_seed, order=50)
        registry.demo_loaders.add(demo.load_demo, order=10)
        registry.demo_loaders.add(meetings_seed.load_demo, order=20)
        registry.task_providers.add(notifications_core.council_tasks, order=10)
        registry.notification_sweeps.add(notifications_core.council_sweep, order=10)
        registry.notification_attachments.add(meetings_ical.meeting_ics_attachment, order=10)
