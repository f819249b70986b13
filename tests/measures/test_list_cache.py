"""The measures list's shared page cache: a change shows at once, whoever writes it, and a dead
cache costs nothing.

The test settings turn the cache on; it works on PostgreSQL only (kiraad/page_cache.py). The
writes below that skip the services (raw SQL, a bare `.update()`, `bulk_create`) leave no history
row: only the database's data-version triggers can make them show.
"""

from dataclasses import fields
from unittest import mock

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kiraad.models import Agency, Commission
from kiraad.page_cache import data_versions_stamp, page_cache_enabled
from kiraad.services import save_with_reason
from measures.models import Health, Measure, MeasureOwner, Status
from measures.services import OwnerData, StatusData, measure_post_status, measure_set_owners
from measures.tables import LIST_CACHE_NAME, LIST_SOURCES, MeasureListing, MeasureRow
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


def test_a_raw_sql_update_of_a_measure_title_shows_on_the_next_view(client, cast, measure):
    client.force_login(cast["secretariat"])
    assert "Bufret tiltak" in _list(client)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE measures_measure SET title = %s WHERE id = %s", ["Rått SQL-navn", measure.pk]
        )
    page = _list(client)
    assert "Rått SQL-navn" in page
    assert "Bufret tiltak" not in page


def test_a_raw_sql_rename_of_an_agency_shows_on_the_next_view(client, cast, agencies, measure):
    client.force_login(cast["secretariat"])
    assert "Helsedirektoratet (ledende)" in _list(client)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE kiraad_agency SET short_name = %s WHERE code = %s", ["Hdir-psql", "HDIR"]
        )
    assert "Hdir-psql (ledende)" in _list(client)


def test_a_bare_queryset_update_shows_on_the_next_view(client, cast, measure):
    client.force_login(cast["secretariat"])
    assert ">ikke rapportert</span>" in _list(client)
    Measure.objects.filter(pk=measure.pk).update(status=Status.PAUSED)
    assert ">satt på vent</span>" in _list(client)


def test_a_bulk_create_shows_on_the_next_view(client, cast, agencies, measure):
    client.force_login(cast["secretariat"])
    assert "Direktoratet for medisinske produkter" not in _list(client)
    MeasureOwner.objects.bulk_create([MeasureOwner(measure=measure, agency=agencies["DMP"])])
    assert "Direktoratet for medisinske produkter" in _list(client)


def test_every_table_the_list_reads_has_a_data_version_trigger(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " WHERE t.tgname = 'kiraad_dataversion_bump'"
        )
        watched = {row[0] for row in cursor.fetchall()}
    assert {model._meta.db_table for model in LIST_SOURCES} <= watched


def test_a_source_without_a_trigger_is_not_cached(db):
    # Bodies are watched since the council page is cached; commissions are read by neither page.
    assert data_versions_stamp(Commission) == ""
    assert data_versions_stamp(Agency) != ""


def test_a_rolled_back_version_is_never_handed_out_again(db, measure):
    before = data_versions_stamp(Measure)
    seen = []

    def write_then_fail():
        with transaction.atomic():
            Measure.objects.filter(pk=measure.pk).update(title="Angret")
            seen.append(data_versions_stamp(Measure))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    rolled_back = seen[0]
    assert rolled_back != before
    assert data_versions_stamp(Measure) == before
    Measure.objects.filter(pk=measure.pk).update(title="Endelig")
    assert data_versions_stamp(Measure) not in {before, rolled_back}


def test_the_update_link_is_decided_per_user_not_cached(client, cast, measure):
    client.force_login(cast["hdir_rep"])
    assert f"/measures/{measure.pk}/update/" in _list(client)
    client.force_login(cast["dmp_rep"])  # same cached rows, another agency
    assert f"/measures/{measure.pk}/update/" not in _list(client)
    assert "Bufret tiltak" in _list(client)


def test_each_language_has_its_own_entry(client, cast, measure):
    client.force_login(cast["secretariat"])
    assert ">ikke rapportert</span>" in _list(client)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert ">not reported</span>" in _list(client)


def test_an_unreachable_cache_still_serves_the_page(client, cast, measure):
    client.force_login(cast["secretariat"])
    broken = mock.patch("kiraad.page_cache.cache.get", side_effect=ConnectionError("Redis is down"))
    with broken:
        assert "Bufret tiltak" in _list(client)


@pytest.mark.parametrize(("who", "queries"), [("secretariat", 3), ("hdir_rep", 4)])
def test_a_cache_hit_costs_the_session_the_user_and_the_stamp(client, cast, measure, who, queries):
    client.force_login(cast[who])
    _list(client)  # builds and stores the page
    with CaptureQueriesContext(connection) as ctx:
        _list(client)
    # session, user with roles, the data versions (and for a representative: what they may update)
    assert len(ctx.captured_queries) == queries, [q["sql"][:80] for q in ctx.captured_queries]


def test_the_key_names_the_shape_of_an_entry():
    """Entries pickled by the code before a deploy stay in Redis for PAGE_CACHE_SECONDS: read by
    code that expects another MeasureListing or MeasureRow, the rows lose their cells. A change
    to either comes with a new LIST_CACHE_NAME (change both here)."""
    shape = {cls.__name__: [f.name for f in fields(cls)] for cls in (MeasureListing, MeasureRow)}
    assert (LIST_CACHE_NAME, shape) == (
        "measures-list-2",
        {
            "MeasureListing": ["filter_fields", "count", "number", "rows"],
            "MeasureRow": ["pk", "update_url", "head", "title", "tail"],
        },
    )
