"""The measures list's shared page cache: a change shows at once, and a dead cache costs nothing.

The test settings turn the cache on; it works on PostgreSQL only (kiraad/page_cache.py).
"""

from unittest import mock

import pytest
from django.conf import settings
from django.db import connection

from kiraad.page_cache import page_cache_enabled
from kiraad.services import save_with_reason
from measures.models import Health, Status
from measures.services import OwnerData, StatusData, measure_post_status, measure_set_owners
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the page cache runs on PostgreSQL only"
)


@pytest.fixture
def measure(agencies):
    return MeasureFactory(title="Bufret tiltak", owned_by=agencies["HDIR"])


def _list(client) -> str:
    response = client.get("/measures/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_cache_is_on_in_this_run():
    assert page_cache_enabled()


def test_a_status_update_shows_on_the_next_view(client, cast, measure):
    client.force_login(cast["secretariat"])
    assert ">fullført</span>" not in _list(client)
    measure_post_status(
        measure=measure,
        author=cast["hdir_rep"],
        based_on=None,
        data=StatusData(status=Status.COMPLETED, progress=100, health=Health.ON_TRACK),
    )
    assert ">fullført</span>" in _list(client)


def test_a_new_owner_and_a_renamed_agency_show_on_the_next_view(client, cast, agencies, measure):
    client.force_login(cast["secretariat"])
    assert "Direktoratet for medisinske produkter" not in _list(client)
    measure_set_owners(
        measure=measure,
        owners=OwnerData(lead=agencies["HDIR"], co_owners=[agencies["DMP"]]),
        by=cast["secretariat"],
        reason="medeier",
    )
    assert "Direktoratet for medisinske produkter" in _list(client)
    dmp = agencies["DMP"]
    dmp.short_name = "DMP-nytt-navn"
    save_with_reason(dmp, by=cast["admin"], reason="nytt kortnavn")
    assert "DMP-nytt-navn" in _list(client)


def test_the_update_link_is_decided_per_user_not_cached(client, cast, measure):
    client.force_login(cast["hdir_rep"])
    assert f"/measures/{measure.pk}/update/" in _list(client)
    client.force_login(cast["dmp_rep"])  # same cached rows, another agency
    assert f"/measures/{measure.pk}/update/" not in _list(client)
    assert "Bufret tiltak" in _list(client)


def test_each_language_has_its_own_entry(client, cast, measure):
    client.force_login(cast["secretariat"])
    assert ">ikke startet</span>" in _list(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">not started</span>" in _list(client)


def test_an_unreachable_cache_still_serves_the_page(client, cast, measure):
    client.force_login(cast["secretariat"])
    broken = mock.patch("kiraad.page_cache.cache.get", side_effect=ConnectionError("Redis is down"))
    with broken:
        assert "Bufret tiltak" in _list(client)


@pytest.mark.parametrize(("who", "queries"), [("secretariat", 3), ("hdir_rep", 4)])
def test_a_cache_hit_costs_the_session_the_user_and_the_stamp(client, cast, measure, who, queries):
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast[who])
    _list(client)  # builds and stores the page
    with CaptureQueriesContext(connection) as ctx:
        _list(client)
    # session, user with roles, the data stamp (and for a representative: what they may update)
    assert len(ctx.captured_queries) == queries, [q["sql"][:80] for q in ctx.captured_queries]
