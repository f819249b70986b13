"""django-zeal is wired into the tests: a page that loads a relation row by row fails.

kiraad/project/settings_test.py puts zeal's middleware first, so every request of the test client
runs in an N+1 context of its own; tests/conftest.py does the same for each Celery task. Production
settings know nothing of it.
"""

import pytest
from django.conf import settings
from zeal import NPlusOneError, zeal_context

from measures import selectors
from measures.models import Measure
from tests.measures.factories import MeasureFactory


def test_the_detector_is_on_in_the_tests_and_off_in_production():
    from kiraad.project import settings as production

    assert settings.ZEAL_RAISE
    assert settings.MIDDLEWARE[0] == "zeal.middleware.zeal_middleware"
    assert "zeal" in settings.INSTALLED_APPS
    assert "zeal" not in production.INSTALLED_APPS
    assert not [name for name in production.MIDDLEWARE if "zeal" in name]


def _owners_row_by_row() -> list:
    return [list(measure.owners.all()) for measure in Measure.objects.all()]


def test_a_loop_over_measure_owners_raises(agencies):
    MeasureFactory.create_batch(3, owned_by=agencies["HDIR"])
    with zeal_context(), pytest.raises(NPlusOneError, match=r"measures\.Measure\.owners"):
        _owners_row_by_row()


def test_the_same_loop_with_a_prefetch_passes(agencies):
    MeasureFactory.create_batch(3, owned_by=agencies["HDIR"])
    with zeal_context():
        for measure in Measure.objects.prefetch_related("owners"):
            list(measure.owners.all())


def test_a_page_that_loads_the_owners_row_by_row_fails(client, cast, agencies, monkeypatch):
    """The plan page without its prefetch: the template now reads each measure's owners alone."""
    plan = MeasureFactory.create_batch(3, owned_by=agencies["HDIR"])[0].plan
    client.force_login(cast["hdir_rep"])
    assert client.get(plan.get_absolute_url()).status_code == 200
    monkeypatch.setattr(
        selectors, "plan_measures", lambda *, plan: Measure.objects.filter(plan=plan)
    )
    with pytest.raises(NPlusOneError, match=r"measures\.Measure\.owners"):
        client.get(plan.get_absolute_url())


def test_a_task_that_loads_the_owners_row_by_row_fails(agencies):
    from kiraad.project.celery import app

    owners_row_by_row = app.task(name="tests.reliability.owners_row_by_row")(_owners_row_by_row)

    MeasureFactory.create_batch(3, owned_by=agencies["HDIR"])
    with pytest.raises(NPlusOneError, match=r"measures\.Measure\.owners"):
        owners_row_by_row.delay()
