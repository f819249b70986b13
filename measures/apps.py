from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        from kiraad import registry
        from measures import agenda_links, notifications, panels, reasons, report, routes, seed  # noqa: F401 (reasons: history codes)
        from measures.selectors import measures_succession_preview
        from measures.services.succession import measures_move_to_successor

        registry.dashboard_panels.add(panels.measures_panel, order=20)
        registry.report_sections.add(report.status_section, order=10)
        registry.seed_loaders.add(seed.load_seed, order=20)
        registry.demo_loaders.add(seed.load_demo, order=30)
        registry.dissolution_handlers.add(measures_move_to_successor, order=10, name="measures")
        registry.route_access.add(routes.ROUTE_ACCESS, order=10, name="measures")
        registry.succession_previews.add(measures_succession_preview, order=10, name="measures")
        registry.task_providers.add(notifications.measures_tasks, order=20)
        registry.notification_sweeps.add(notifications.rounds_sweep, order=20)
        registry.agenda_links.add(agenda_links.LINK_KIND, order=10, name="measures")
