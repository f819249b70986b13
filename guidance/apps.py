from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Regulatory guidance")

    def ready(self) -> None:
        from guidance import panels, reasons, report, routes, seed  # noqa: F401 (reasons: history codes)
        from guidance.services.assignment import move_assignments_on_dissolution
        from kiraad import registry

        registry.dashboard_panels.add(panels.guidance_panel, order=40)
        registry.report_sections.add(report.guidance_section, order=30)
        registry.seed_loaders.add(seed.load_seed, order=40)
        registry.demo_loaders.add(seed.load_demo, order=50)
        registry.dissolution_handlers.add(
            move_assignments_on_dissolution, order=20, name="guidance"
        )
        registry.route_access.add(routes.ROUTE_ACCESS, order=20, name="guidance")
