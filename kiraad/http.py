"""Request types for views, so that mypy knows what the middleware guarantees."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from kiraad.models import User


class HtmxHttpRequest(HttpRequest):
    """Every request, with django-htmx's `htmx` details (HtmxMiddleware)."""

    htmx: HtmxDetails


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """A request that LoginRequiredMiddleware let through: its user is signed in."""

    user: User
