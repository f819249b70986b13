"""Every URL pattern is classified, and anonymous users are sent to login on every other one."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from kiraad.routes import PUBLIC_CLASSES, RouteAccess, classify

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or f"<unnamed {prefix}{pattern.pattern}>"
            yield (f"{namespace}:{name}" if namespace else name), prefix + str(pattern.pattern)


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))


def _example_path(route: str) -> str:
    """A concrete path for a route pattern: path converters get harmless sample values."""
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|uuid|path):?\w*>", "sample", path)
    path = re.sub(r"<\w+>", "sample", path)
    path = path.replace("^", "").replace("$", "").replace("\\Z", "")
    return "/" + path if not path.startswith("/") else path


def test_every_route_is_classified():
    unclassified = [name for name, _route in ROUTES if classify(name) is None]
    assert not unclassified, (
        f"Classify these routes in kiraad/routes.py or the app's routes.py: {unclassified}"
    )


@pytest.mark.parametrize(
    ("name", "route"),
    [
        (name, route)
        for name, route in ROUTES
        if classify(name) not in PUBLIC_CLASSES | {None} and "(?P" not in route
    ],
)
def test_anonymous_users_are_sent_to_login(client, name, route):
    path = _example_path(route)
    response = client.get(path)
    assert response.status_code == 302, f"{name} ({path}) answered {response.status_code}"
    logins = ("/accounts/login/", "/admin/login/")
    if classify(name) != RouteAccess.ADMIN:
        logins = ("/accounts/login/",)
    assert response.url.startswith(logins), f"{name} ({path}) went to {response.url}"
