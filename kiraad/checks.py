"""Deployment checks of the portal's own settings (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host

LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 (names, not a bind)


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs) -> list[Warning]:
    """SITE_URL is the base of every link in e-mails: https, public, and a host we serve."""
    site = urlsplit(settings.SITE_URL)
    problems = []
    if site.scheme != "https":
        problems.append(
            Warning(
                f"SITE_URL ({settings.SITE_URL}) is not https: links in e-mails would be sent "
                "over plain HTTP.",
                hint="Set SITE_URL to the portal's public https address.",
                id="kiraad.W001",
            )
        )
    if (site.hostname or "") in LOOPBACK:
        problems.append(
            Warning(
                f"SITE_URL ({settings.SITE_URL}) points at this machine: recipients of e-mails "
                "could not open their links.",
                hint="Set SITE_URL to the portal's public address.",
                id="kiraad.W002",
            )
        )
    elif not validate_host(site.hostname or "", settings.ALLOWED_HOSTS):
        problems.append(
            Warning(
                f"The host of SITE_URL ({site.hostname}) is not in ALLOWED_HOSTS: links in "
                "e-mails would answer 400.",
                hint="Add it to ALLOWED_HOSTS, or correct SITE_URL.",
                id="kiraad.W003",
            )
        )
    return problems
