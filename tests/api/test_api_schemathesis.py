"""Schemathesis over the whole open API (issue 19), in the suite and so in CI.

Every operation of /api/v1/openapi.json is called with generated parameters (valid and
invalid) against a world with published, draft and withdrawn register entries and published
and unpublished articles, each internal field holding a sentinel. The checks: no server error,
every status code and body as the document says, and no internal value or draft ever in an
answer (the extra check below).
"""

import sys
from collections import Counter

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from guidance.models import Article
from kiraad.api import PREFIX, get_api
from network import services
from network.models import AIDeployment
from tests.guidance.factories import ArticleFactory, RegulatoryAreaFactory
from tests.network.factories import DeploymentFactory, ExperienceFactory

SENTINEL = "SKJULT-4b1e"
CALLS: Counter[str] = Counter()


def _schema():
    """The document as the API serves it, called in-process through Django's WSGI handler."""
    loaded = schemathesis.openapi.from_dict(get_api().get_openapi_schema(path_prefix=PREFIX + "/"))
    loaded.app = WSGIHandler()
    return loaded


schema = _schema()


@pytest.fixture
def same_connection():
    """Requests use the test's database connection, as Django's test client arranges: the
    handler would otherwise close it at the end of each request, taking the test data along."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, cast, settings, same_connection):
    settings.API_RATE = "100000/m"  # the rate limit has its own test (test_open_api.py)
    cache.clear()
    hidden = {
        "internal_note": SENTINEL,
        "benefit_notes": SENTINEL,
        "cost_notes": SENTINEL,
        "contact_name": SENTINEL,
    }
    platform = DeploymentFactory(system="Plattform", **hidden)
    DeploymentFactory(system="Modell", parent=platform, **hidden)
    ExperienceFactory(deployment=platform, summary=SENTINEL)
    DeploymentFactory(system=SENTINEL, publication=AIDeployment.Publication.DRAFT)
    DeploymentFactory(
        system="Utkast-plattform", parent=None, publication=AIDeployment.Publication.DRAFT
    )
    withdrawn = DeploymentFactory(system="Trukket", **hidden)
    services.deployment_withdraw(deployment=withdrawn, by=cast["secretariat"], reason="Feil")
    area = RegulatoryAreaFactory(key="mdr", name="Medisinsk utstyr")
    article = ArticleFactory(title="Når er KI medisinsk utstyr?", topics=["certification"])
    article.areas.add(area)
    article.resources.create(title="Veileder", url="https://example.org/veileder")
    ArticleFactory(title=SENTINEL, slug="skjult", published=False, no_personal_data=False)


@schemathesis.check
def nothing_internal(ctx, response, case) -> None:
    """No internal value and no draft or unpublished article in any answer."""
    CALLS[f"{case.method} {case.path} → {response.status_code}"] += 1
    body = response.text
    if SENTINEL in body:
        raise AssertionError(f"an internal value or a draft appeared in {case.path}")


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_its_schema_and_its_secrets(world, case):
    case.call_and_validate(additional_checks=[nothing_internal])


def test_every_real_entry_and_article_keeps_the_schema(world):
    """Generated ids seldom name a real row: call the detail endpoints for every one."""
    details = [
        ("/api/v1/register/{pk}/", {"pk": pk})
        for pk in AIDeployment.objects.values_list("pk", flat=True)
    ] + [
        ("/api/v1/kb/{slug}/", {"slug": slug})
        for slug in Article.objects.values_list("slug", flat=True)
    ]
    statuses = Counter()
    for path, parameters in details:
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate(additional_checks=[nothing_internal])
        statuses[response.status_code] += 1
    # Published entries and the withdrawn one answer; the drafts and the hidden article do not.
    assert statuses == {200: 4, 404: 3}


def test_report_the_calls():
    """The run's summary for the issue's note (printed with -s)."""
    sys.stdout.write("\nSchemathesis calls by operation and status:\n")
    for line, count in sorted(CALLS.items()):
        sys.stdout.write(f"  {line}: {count}\n")
