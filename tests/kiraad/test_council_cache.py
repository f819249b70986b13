"""The council page's cached sections (kiraad/council_page.py): a change shows at once, whoever
writes it, and a hit spares the page its reads of the mandate, members and earlier bodies.

The test settings turn the page cache on; it works on PostgreSQL only. The raw SQL writes below
leave no history row: only the database's data-version triggers can make them show.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kiraad.council_page import SOURCES
from kiraad.models import Membership, Representative
from kiraad.page_cache import data_versions_stamp, page_cache_enabled
from kiraad.services import save_with_reason
from tests.factories import BodyFactory, MandateFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the page cache runs on PostgreSQL only"
)

# What differs from one response to the next by design.
PER_RESPONSE = re.compile(r'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def council(agencies):
    mandate = MandateFactory(body=BodyFactory(), title="Mandat for rådet")
    membership = MembershipFactory(mandate=mandate, agency=agencies["HDIR"])
    user = UserFactory(first_name="Kari", last_name="Bufret")
    Representative.objects.create(membership=membership, user=user)
    BodyFactory(key="forgjenger", name="Tidligere arbeidsgruppe", active_from=None)
    return mandate


def _page(client) -> str:
    response = client.get("/council/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_source_table_is_watched(db):
    assert page_cache_enabled()
    assert data_versions_stamp(*SOURCES)


def test_a_hit_reads_only_the_meetings(client, cast, council):
    client.force_login(cast["secretariat"])
    first = _page(client)
    with CaptureQueriesContext(connection) as hit:
        second = _page(client)
    assert PER_RESPONSE.sub("", second) == PER_RESPONSE.sub("", first)
    # Session, user, body with mandate, data versions, meetings, meetings held per half-year.
    assert len(hit.captured_queries) == 6, "\n".join(q["sql"] for q in hit.captured_queries)


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ("UPDATE kiraad_mandate SET title = 'Rått mandat'", "Rått mandat"),
        ("UPDATE kiraad_user SET last_name = 'Råttnavn' WHERE first_name = 'Kari'", "Råttnavn"),
        ("UPDATE kiraad_agency SET name = 'Rå etat' WHERE code = 'HDIR'", "Rå etat"),
        ("UPDATE kiraad_body SET name = 'Rå gruppe' WHERE key = 'forgjenger'", "Rå gruppe"),
        ("UPDATE kiraad_membership SET role = 'observer'", "Observatør"),
    ],
)
def test_a_raw_sql_write_shows_on_the_next_view(client, cast, council, sql, shown):
    client.force_login(cast["secretariat"])
    assert shown not in _page(client)
    with connection.cursor() as cursor:
        cursor.execute(sql)
    assert shown in _page(client)


def test_a_new_member_and_a_history_row_show_on_the_next_view(client, cast, agencies, council):
    client.force_login(cast["secretariat"])
    assert "Direktoratet for medisinske produkter" not in _page(client)
    membership = Membership(mandate=council, agency=agencies["DMP"], role=Membership.Role.MEMBER)
    save_with_reason(membership, by=cast["secretariat"], reason="ny i rådet")
    page = _page(client)
    assert "Direktoratet for medisinske produkter" in page
    assert "ny i rådet" in page


def test_a_term_is_flagged_then_ended_as_the_days_pass(client, cast, council, time_machine):
    council.term_end = datetime.date(2030, 6, 30)
    save_with_reason(council, by=None, reason="ny periode")
    time_machine.move_to(datetime.datetime(2030, 6, 30, 12, tzinfo=datetime.UTC))
    client.force_login(cast["secretariat"])
    page = _page(client)
    assert "utløper innen 90 dager" in page
    assert "funksjonstiden er utløpt" not in page
    # Nothing is written: only the date moves on.
    time_machine.move_to(datetime.datetime(2030, 7, 2, 12, tzinfo=datetime.UTC))
    client.force_login(cast["secretariat"])  # a session lasts at most 12 hours
    page = _page(client)
    assert "utløper innen 90 dager" not in page
    assert "funksjonstiden er utløpt" in page
