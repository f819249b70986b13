from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KiraadConfig(AppConfig):
    name = "kiraad"
    verbose_name = _("The council")
