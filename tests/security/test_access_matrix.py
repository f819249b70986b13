"""Every route × role × GET/POST on the real seed and demo data: no server error, and a refused
request (403/404/405/429, or a redirect to login) writes nothing (issue 8, point 2).

"Writes nothing" is checked on the SQL itself: no INSERT, UPDATE or DELETE outside the session
and login-attempt bookkeeping. The per-app permission matrices check what each role may do.
"""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from kiraad.models import User
from kiraad.routes import classify

pytestmark = pytest.mark.django_db

ROLES = [None, "rep-dmp", "rep-hdir", "kin", "sekretariat", "admin"]
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
BOOKKEEPING = ("django_session", "axes_", "otp_")
REFUSED = {401, 403, 404, 405, 429}


def _routes(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield name, prefix + str(pattern.pattern)


def _path(route: str) -> str | None:
    if "(?P" in route:
        return None
    path = re.sub(r"<int:\w+>", "1", route)
    path = re.sub(r"<(?:str|slug|path|uuid):\w+>", "sample", path)
    path = re.sub(r"<\w+>", "sample", path)
    return "/" + path


def _writes(queries) -> list[str]:
    return [
        q["sql"][:120]
        for q in queries
        if WRITE.match(q["sql"]) and not any(table in q["sql"] for table in BOOKKEEPING)
    ]


def test_no_route_errors_or_writes_when_it_refuses(client):
    call_command("load_seed_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    routes = sorted(
        (name, _path(route))
        for name, route in set(_routes(get_resolver().url_patterns))
        if not name.startswith("admin:") and _path(route) and name != "logout"
    )
    problems, checked, refused = [], 0, 0
    for username in ROLES:
        client.logout()
        if username:
            client.force_login(User.objects.get(username=username))
        for name, path in routes:
            for method in ("get", "post"):
                with CaptureQueriesContext(connection) as ctx:
                    response = getattr(client, method)(path, {})
                checked += 1
                status = response.status_code
                if status >= 500:
                    problems.append(f"{username} {method.upper()} {path} ({name}): {status}")
                to_login = status == 302 and "/login/" in response.get("Location", "")
                refused += status in REFUSED or to_login
                if (status in REFUSED or to_login) and _writes(ctx.captured_queries):
                    problems.append(
                        f"{username} {method.upper()} {path} refused with {status} but wrote: "
                        f"{_writes(ctx.captured_queries)}"
                    )
                public = classify(name) in (None, "public", "token")
                if username is None and not public and not to_login:
                    problems.append(f"anonymous {method.upper()} {path}: {status}")
    assert not problems, "\n".join(problems)
    assert checked > 300
    assert refused > 100  # the matrix really exercises refusals
