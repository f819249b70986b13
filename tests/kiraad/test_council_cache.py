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
from django.utils import timezone

from kiraad.council_page import SOURCES
from kiraad.models import Meeting, Membership, Representative
from kiraad.page_cache import data_versions_stamp, page_cache_enabled
from kiraad.services import save_with_reason
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MeetingFactory,
    MembershipFactory,
    UserFactory,
)

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
    MeetingFactory(
        body=mandate.body,
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=7),
    )
    return mandate


def _page(client) -> str:
    response = client.get("/council/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_source_table_is_watched(db):
    assert page_cache_enabled()
    assert data_versions_stamp(*SOURCES)


def test_a_hit_reads_only_the_data_versions(client, cast, council):
    MeetingFactory(body=council.body, status=Meeting.Status.HELD, number="KI-rådet 1/2026")
    client.force_login(cast["secretariat"])
    first = _page(client)
    with CaptureQueriesContext(connection) as hit:
        second = _page(client)
    assert PER_RESPONSE.sub("", second) == PER_RESPONSE.sub("", first)
    assert "KI-rådet 1/2026" in second
    # Session, user, data versions (the body, its mandate and meetings come from the cache).
    assert len(hit.captured_queries) == 3, "\n".join(q["sql"] for q in hit.captured_queries)


def test_meetings_move_from_upcoming_to_past_with_the_clock_and_drafts_are_the_secretariats(
    client, cast, council, time_machine
):
    time_machine.move_to(datetime.datetime(2030, 3, 1, 9, tzinfo=datetime.UTC))
    starts = datetime.datetime(2030, 3, 1, 12, tzinfo=datetime.UTC)
    MeetingFactory(
        body=council.body, status=Meeting.Status.AGENDA_PUBLISHED, number="Møte A", starts_at=starts
    )
    MeetingFactory(
        body=council.body,
        status=Meeting.Status.PLANNED,
        number="Utkast B",
        starts_at=starts + datetime.timedelta(days=30),
    )

    def lists(who) -> tuple[str, str]:
        client.force_login(cast[who])
        page = _page(client)
        upcoming, past = page.split('id="meetings-heading"')[1].split("Tidligere møter")
        return upcoming, past

    upcoming, past = lists("secretariat")
    assert "Møte A" in upcoming
    assert "Utkast B" in upcoming
    assert "Utkast B" not in lists("hdir_rep")[0]
    # Nothing is written: only the clock moves past the meeting's start.
    time_machine.move_to(datetime.datetime(2030, 3, 1, 13, tzinfo=datetime.UTC))
    upcoming, past = lists("secretariat")
    assert "Møte A" not in upcoming
    assert "Møte A" in past


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ("UPDATE kiraad_mandate SET title = 'Rått mandat'", "Rått mandat"),
        ("UPDATE kiraad_user SET last_name = 'Råttnavn' WHERE first_name = 'Kari'", "Råttnavn"),
        ("UPDATE kiraad_agency SET name = 'Rå etat' WHERE code = 'HDIR'", "Rå etat"),
        ("UPDATE kiraad_body SET name = 'Rå gruppe' WHERE key = 'forgjenger'", "Rå gruppe"),
        ("UPDATE kiraad_membership SET role = 'observer'", "Observatør"),
        ("UPDATE kiraad_meeting SET number = 'Rått møte'", "Rått møte"),
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
