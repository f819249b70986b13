"""System reasons in the history are stored in English and shown in the reader's language."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone, translation

from kiraad.history import _REASON_TEMPLATES, reason_display
from kiraad.meetings import services as svc
from kiraad.models import Meeting
from measures.models import Health, Measure, Status
from measures.services import OwnerData, StatusData, measure_post_status, measure_set_owners
from tests.factories import BodyFactory
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.mark.parametrize(
    ("stored", "nb"),
    [
        ("Meeting planned", "Møte planlagt"),
        ("status update", "statusoppdatering"),
        ("Status set to agenda_published", "Status satt til «saksliste publisert»"),
        ("received through the public form", "mottatt gjennom det offentlige skjemaet"),
        ("seed data (load_seed_data)", "grunndata (load_seed_data)"),
        # A template with its value filled in: the value is kept…
        ("Minutes approved at KI-rådet 2/2026", "Referatet godkjent i møte KI-rådet 2/2026"),
        ("Rendering, attempt 2", "Lages, forsøk 2"),
        ("seed: EHELSE dissolved into HDIR", "grunndata: EHELSE er gått inn i HDIR"),
        # …a value someone typed passes through, a value that is a system reason is translated
        ("closed: Løst i linjen", "avsluttet: Løst i linjen"),
        ("anonymised: retention period ended", "anonymisert: oppbevaringstiden er ute"),
        # What a user typed is shown as it is
        ("Ansvaret flyttet til DMP", "Ansvaret flyttet til DMP"),
        ("Meeting planned again", "Meeting planned again"),
        ("", ""),
        (None, ""),
    ],
)
def test_reason_display(stored, nb):
    with translation.override("nb"):
        assert reason_display(stored) == nb
    with translation.override("en"):
        assert reason_display(stored) == (stored or "")


def test_every_declared_template_is_known_at_start_up_and_translated():
    expected = {
        "Minutes approved at %(meeting)s",  # kiraad.meetings.services, imported by KiraadConfig
        "Rendering, attempt %(attempt)s",  # kiraad.reports.services, imported by KiraadConfig
        "seed: %(agency)s dissolved into %(successor)s",
        "guidance meeting offered for %(reference)s",
        "unpublished: %(reason)s",
        "anonymised: %(reason)s",
        "priority overridden: %(reason)s",
        "override removed: %(reason)s",
        "closed: %(reason)s",
    }
    assert expected <= set(_REASON_TEMPLATES)
    with translation.override("nb"):
        untranslated = [m for m in _REASON_TEMPLATES if translation.gettext(m) == m]
    assert not untranslated


@pytest.fixture
def hdir_measure(agencies):
    return MeasureFactory(owned_by=agencies["HDIR"], title="Handlingsrom i gjeldende rett")


@pytest.fixture
def measure_with_history(cast, hdir_measure, agencies):
    measure_post_status(
        measure=hdir_measure,
        author=cast["hdir_rep"],
        based_on=None,
        data=StatusData(status=Status.IN_PROGRESS, progress=20, health=Health.ON_TRACK),
    )
    measure_set_owners(
        measure=hdir_measure,
        owners=OwnerData(lead=agencies["HDIR"], co_owners=[agencies["DMP"]]),
        by=cast["secretariat"],
        reason="DMP er med fra høsten",
    )
    return hdir_measure


def test_history_table_in_norwegian(client, cast, measure_with_history):
    client.force_login(cast["dmp_rep"])
    page = client.get(f"/measures/{measure_with_history.pk}/").text
    assert "<td>statusoppdatering</td>" in page
    assert "<td>status update</td>" not in page
    assert "<td>DMP er med fra høsten</td>" in page  # typed by a user: verbatim


def test_history_table_in_english(client, cast, measure_with_history):
    _english(client)
    client.force_login(cast["dmp_rep"])
    page = client.get(f"/measures/{measure_with_history.pk}/").text
    assert "<td>status update</td>" in page
    assert "<td>DMP er med fra høsten</td>" in page


def test_the_stored_reason_stays_english(client, cast, measure_with_history):
    reasons = set(measure_with_history.history.values_list("history_change_reason", flat=True))
    assert "status update" in reasons
    assert "statusoppdatering" not in reasons


def test_a_reason_recorded_from_a_norwegian_page_is_stored_in_english(client, cast, hdir_measure):
    client.force_login(cast["secretariat"])
    response = client.post(
        "/measures/new/",
        {
            "plan": hdir_measure.plan.pk,
            "number": "X-1",
            "order": "1",
            "kind": "tiltak",
            "title": "Nytt tiltak",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(number="X-1")
    assert measure.history.earliest().history_change_reason == "Measure created"
    assert "<td>Tiltak opprettet</td>" in client.get(f"/measures/{measure.pk}/").text


@pytest.fixture
def meeting(cast):
    body = BodyFactory(key="ki-radet", decides=False)
    meeting = svc.meeting_plan(
        body=body,
        number="KI-rådet 7/2026",
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        by=cast["secretariat"],
    )
    svc.meeting_transition(meeting=meeting, to=Meeting.Status.AGENDA_PUBLISHED, by=None)
    return meeting


def test_admin_history_shows_reasons_in_the_readers_language(client, cast, meeting):
    stored = set(meeting.history.values_list("history_change_reason", flat=True))
    assert stored == {"Meeting planned", "Status set to agenda_published"}
    client.force_login(cast["admin"])
    url = f"/admin/kiraad/meeting/{meeting.pk}/history/"
    page = client.get(url).text
    assert "Møte planlagt" in page
    assert "Status satt til «saksliste publisert»" in page
    _english(client)
    page = client.get(url).text
    assert "Meeting planned" in page
    assert "Møte planlagt" not in page


def test_minutes_versions_show_the_default_reason_translated(client, cast, meeting):
    svc.meeting_transition(meeting=meeting, to=Meeting.Status.HELD, by=None)
    svc.meeting_write_minutes(meeting=meeting, text="Utkast", by=None)
    svc.meeting_write_minutes(meeting=meeting, text="Utkast 2", by=None)
    assert set(meeting.minutes_versions.values_list("reason", flat=True)) == {"Minutes written"}
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{meeting.pk}/").text
    assert "Referat skrevet" in page
