from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KiraadConfig(AppConfig):
    name = "kiraad"
    verbose_name = _("The council")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from kiraad.middleware import stamp_new_session

        user_logged_in.connect(stamp_new_session, dispatch_uid="kiraad-stamp-new-session")
