"""The open, read-only API under /api/v1/ (issue 19): Django Ninja, JSON, no login.

The apps contribute routers (registry.api_routers: the public register, the knowledge base);
this module assembles them into one NinjaAPI with one OpenAPI 3.1 document. Every endpoint
answers GET only and returns an explicit output schema, so a field the public may not see
cannot appear by accident (tests/api/test_api_schema.py runs Schemathesis over the document).

- Anonymous: each view is marked `login_not_required` (LoginRequiredMiddleware fails closed).
- Rate-limited per client address like the public forms (kiraad/throttle.py, `API_RATE`):
  the cache counts, PostgreSQL when the cache is down; a refused request gets 429 with
  Retry-After.
- CORS: any origin may read (kiraad/middleware.ApiCorsMiddleware); nothing can be written.
- The browsable page (/api/v1/docs/) is rendered on the server from the same document: no
  script, no CDN, so it works under the portal's CSP.
"""

import functools
import math
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.pagination import PageNumberPagination
from ninja.throttling import BaseThrottle

from kiraad import registry, throttle

PREFIX = "/api/v1"
NAMESPACE = "api"


class Problem(Schema):
    """Why a request was refused: not found (404) or too many requests (429)."""

    detail: str


class Invalid(Schema):
    """The parameters that were not valid (422), one entry each."""

    detail: list[dict[str, Any]]


# Every endpoint documents its refusals, so a client (and Schemathesis) knows each answer.
REFUSALS: dict[int, type[Schema]] = {422: Invalid, 429: Problem}


class Pagination(PageNumberPagination):
    """`page` from 1 and `page_size` up to 100 (50 unless asked), with the total `count`."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: int = Field(50, ge=1, le=100)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=50, max_page_size=100, **kwargs)


class ClientThrottle(BaseThrottle):
    """`API_RATE` requests per client address (as read through the trusted proxies)."""

    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        verdict = throttle.hit(
            scope="api", key=throttle.client_address(request), rate=settings.API_RATE
        )
        self._wait = max(0.0, (verdict.retry_at - timezone.now()).total_seconds())
        return verdict.allowed

    def wait(self) -> float | None:
        return math.ceil(self._wait) if self._wait is not None else None


DESCRIPTION = (
    "Open, read-only data from KI-rådet for helse- og omsorgssektoren: the public register of "
    "AI systems in patient care (published entries and their public history, including "
    "withdrawals) and the public knowledge base. JSON, paginated, no login; CORS allows any "
    "origin to read. Rate-limited per client address (429 with Retry-After)."
)


@functools.cache
def get_api() -> NinjaAPI:
    """The one API of the portal (built once, after the apps registered their routers)."""
    return build_api()


def build_api() -> NinjaAPI:
    """A NinjaAPI with every app's registered router."""
    api = NinjaAPI(
        title="KI-rådet – åpne data",
        version="1",
        description=DESCRIPTION,
        urls_namespace=NAMESPACE,
        openapi_url="/openapi.json",
        docs_url=None,  # our own page (kiraad/views_api.py): the Swagger page needs scripts
        throttle=[ClientThrottle()],
    )
    for contribution in registry.api_routers:
        prefix, router = contribution.provider
        api.add_router(prefix, router)
    return api


def _public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return view(request, *args, **kwargs)

    return login_not_required(wrapper)


def api_urlpatterns(api: NinjaAPI) -> list[URLPattern]:
    """The API's URL patterns, each open to anonymous users (all of them only read)."""
    patterns, _app_name, _namespace = api.urls
    result = []
    for pattern in patterns:
        if not isinstance(pattern, URLPattern) or pattern.name == "api-root":
            continue  # /api/v1/ is the docs page (kiraad/api_urls.py)
        result.append(path(str(pattern.pattern), _public(pattern.callback), name=pattern.name))
    return result
