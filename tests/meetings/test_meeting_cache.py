"""The meeting page's reads and the meeting PDFs from the page cache (kiraad/meetings/cache.py):
a hit spares the page its reads of the meeting and the PDF its rendering, and any change,
whoever writes it, shows at once.

The test settings turn the page cache on; it works on PostgreSQL only. The raw SQL writes below
leave no history row: only the database's data-version triggers can make them show.
"""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from kiraad.meetings import services as svc
from kiraad.meetings.cache import SOURCES
from kiraad.models import AgendaItem, Attendance, Mandate, Meeting
from kiraad.page_cache import data_versions_stamp, page_cache_enabled
from tests.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the page cache runs on PostgreSQL only"
)

# What differs from one response to the next by design.
PER_RESPONSE = re.compile(
    r'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"|name="form_key" value="[^"]*"'
)


@pytest.fixture
def held(agencies):
    body = BodyFactory(key="ki-radet", decides=False)
    Mandate.objects.create(body=body, key="m", title="Mandat", status="adopted", quorum=1)
    meeting = MeetingFactory(
        body=body,
        number="KI-rådet 3/2026",
        status=Meeting.Status.HELD,
        starts_at=timezone.now() - datetime.timedelta(days=1),
        place="Oslo",
    )
    AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Skytjenester")
    Attendance.objects.create(meeting=meeting, agency=agencies["HDIR"], status="present")
    return meeting


def _page(client, meeting) -> str:
    response = client.get(f"/council/meetings/{meeting.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _pdf_text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)


def test_every_source_table_is_watched(db):
    assert page_cache_enabled()
    assert data_versions_stamp(*SOURCES)


@pytest.mark.parametrize("who", ["secretariat", "hdir_rep"])
def test_a_hit_reads_only_what_differs_by_person(client, cast, held, who):
    client.force_login(cast[who])
    first = _page(client, held)
    with CaptureQueriesContext(connection) as hit:
        second = _page(client, held)
    assert PER_RESPONSE.sub("", second) == PER_RESPONSE.sub("", first)
    # Session, user, the meeting (access), data versions, the records linked to the items
    # (one UNION query: each person sees those they may see); [the secretariat: the agencies
    # its forms offer].
    expected = 6 if who == "secretariat" else 5
    assert len(hit.captured_queries) == expected, "\n".join(q["sql"] for q in hit.captured_queries)


@pytest.mark.parametrize(
    ("sql", "shown"),
    [
        ("UPDATE kiraad_agendaitem SET title = 'Rå sak'", "Rå sak"),
        ("UPDATE kiraad_attendance SET note = 'Rått notat'", "Rått notat"),
        ("UPDATE kiraad_agency SET name = 'Rå etat' WHERE code = 'HDIR'", "Rå etat"),
        ("UPDATE kiraad_mandate SET quorum = 5", "krever 5"),
    ],
)
def test_a_raw_sql_write_shows_on_the_next_view(client, cast, held, sql, shown):
    client.force_login(cast["secretariat"])
    assert shown not in _page(client, held)
    with connection.cursor() as cursor:
        cursor.execute(sql)
    assert shown in _page(client, held)


def test_a_new_action_and_outcome_show_on_the_next_view(client, cast, agencies, held):
    client.force_login(cast["secretariat"])
    item = held.agenda_items.get()
    assert "Lage en veileder" not in _page(client, held)
    svc.agenda_item_record_outcome(
        item=item, outcome_kind="advice", outcome="Rådet råder til en veileder.", by=None
    )
    svc.action_item_create(
        item=item, title="Lage en veileder", owner_agency=agencies["HDIR"], due_date=None, by=None
    )
    page = _page(client, held)
    assert "Lage en veileder" in page
    assert "Rådet råder til en veileder." in page


def test_a_changed_meeting_gives_a_new_agenda_pdf_and_an_unchanged_one_is_not_rendered_again(
    client, cast, held, monkeypatch
):
    client.force_login(cast["secretariat"])
    url = f"/council/meetings/{held.pk}/agenda.pdf"
    assert "Skytjenester" in _pdf_text(client, url)

    import weasyprint

    rendered = []
    original = weasyprint.HTML.write_pdf
    monkeypatch.setattr(
        weasyprint.HTML, "write_pdf", lambda self, *a, **k: rendered.append(1) or original(self)
    )
    assert "Skytjenester" in _pdf_text(client, url)
    assert rendered == []  # the same meeting: the stored file

    item = held.agenda_items.get()
    AgendaItem.objects.create(meeting=held, order=2, kind="rad", title="Personvern")
    with connection.cursor() as cursor:  # no history, no service: only the trigger sees it
        cursor.execute("UPDATE kiraad_agendaitem SET title = 'Sky' WHERE id = %s", [item.pk])
    text = _pdf_text(client, url)
    assert rendered == [1]
    assert "Personvern" in text
    assert "Skytjenester" not in text


def test_a_changed_meeting_gives_a_new_minutes_pdf_and_each_version_its_own(client, cast, held):
    svc.meeting_write_minutes(meeting=held, text="Første referat.", reason="", by=None)
    client.force_login(cast["secretariat"])
    url = f"/council/meetings/{held.pk}/minutes.pdf"
    assert "Første referat." in _pdf_text(client, url)
    svc.meeting_write_minutes(meeting=held, text="Andre referat.", reason="retting", by=None)
    assert "Andre referat." in _pdf_text(client, url)
    assert "Første referat." in _pdf_text(client, f"{url}?version=1")
    assert "Andre referat." in _pdf_text(client, f"{url}?version=2")
