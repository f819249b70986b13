from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Regulatory guidance")

    def ready(self) -> None:
        from guidance import agenda_links, api, notifications, panels, reasons, report, routes, seed  # noqa: F401 (reasons: history codes)
        from guidance.selectors import guidance_succession_preview
        from guidance.services.assignment import (
            move_areas_on_dissolution,
            move_assignments_on_dissolution,
        )
        from kiraad import registry

        registry.dashboard_panels.add(panels.guidance_panel, order=40)
        registry.report_sections.add(report.guidance_section, order=30)
        registry.seed_loaders.add(seed.load_seed, order=40)
        registry.demo_loaders.add(seed.load_demo, order=50)
        registry.dissolution_handlers.add(
            move_assignments_on_dissolution, order=20, name="guidance"
        )
        registry.dissolution_handlers.add(
            move_areas_on_dissolution, order=25, name="guidance_areas"
        )
        registry.route_access.add(routes.ROUTE_ACCESS, order=20, name="guidance")
        registry.api_routers.add(("/kb/", api.router), order=20, name="guidance")
        registry.succession_previews.add(guidance_succession_preview, order=20, name="guidance")
        registry.task_providers.add(notifications.guidance_tasks, order=40)
        registry.agenda_links.add(agenda_links.REQUEST_KIND, order=30, name="guidance")
        registry.agenda_links.add(agenda_links.THEME_KIND, order=40, name="guidance_themes")
