from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Regulatory guidance")

    def ready(self) -> None:
        from guidance import reasons  # noqa: F401 (declares the app's history reasons)
        from guidance.services.assignment import move_assignments_on_dissolution
        from kiraad.services import register_dissolution_handler

        register_dissolution_handler("guidance", move_assignments_on_dissolution)
