from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from kiraad import registry
        from notifications import panels, routes, services

        registry.notification_outbox.add(services.outbox_write, order=10, name="notifications")
        registry.dashboard_panels.add(panels.tasks_panel, order=1)
        registry.route_access.add(routes.ROUTE_ACCESS, order=40, name="notifications")
