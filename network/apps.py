from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Competence network")

    def ready(self) -> None:
        from kiraad import registry
        from network import agenda_links, api, notifications, panels, reasons, report, routes, seed  # noqa: F401 (reasons: history codes)
        from network.selectors import network_succession_preview
        from network.services import move_to_successor

        registry.dashboard_panels.add(panels.escalations_panel, order=30)
        registry.report_sections.add(report.network_section, order=20)
        registry.seed_loaders.add(seed.load_seed, order=30)
        registry.demo_loaders.add(seed.load_demo, order=40)
        registry.dissolution_handlers.add(move_to_successor, order=30, name="network")
        registry.route_access.add(routes.ROUTE_ACCESS, order=30, name="network")
        registry.api_routers.add(("/register/", api.router), order=10, name="network")
        registry.succession_previews.add(network_succession_preview, order=30, name="network")
        registry.task_providers.add(notifications.network_tasks, order=30)
        registry.agenda_links.add(agenda_links.LINK_KIND, order=20, name="network")
