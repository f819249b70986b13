from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    default_site = "kiraad.two_factor.PortalAdminSite"
