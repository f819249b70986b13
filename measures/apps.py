from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        from kiraad.services import register_dissolution_handler
        from measures.services import measures_move_to_successor

        register_dissolution_handler("measures", measures_move_to_successor)
