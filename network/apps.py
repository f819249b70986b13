from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Competence network")

    def ready(self) -> None:
        from kiraad.services import register_dissolution_handler
        from network.services import move_to_successor

        register_dissolution_handler("network", move_to_successor)
