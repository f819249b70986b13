"""System reasons in the history are stored in English and shown in the reader's language."""

import datetime
import importlib
import json

import pytest
from django.conf import settings
from django.utils import timezone, translation

from guidance import reasons as guidance_reasons
from kiraad.history import (
    SystemReason,
    history_entries,
    reason_display,
    reason_html,
    stored_reason,
    system_reasons,
)
from kiraad.meetings import reasons as mr
from kiraad.meetings import services as svc
from kiraad.models import Meeting
from kiraad.reports import reasons as report_reasons
from kiraad.services import save_with_reason
from measures import reasons as measure_reasons
from measures.models import Health, Measure, Status
from measures.services import OwnerData, StatusData, measure_post_status, measure_set_owners
from network import reasons as network_reasons
from tests.factories import BodyFactory
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _code(stored: str) -> str:
    return json.loads(stored)["code"]


@pytest.mark.parametrize(
    ("stored", "nb", "en"),
    [
        (mr.PLANNED(), "Møte planlagt", "Meeting planned"),
        (measure_reasons.STATUS_UPDATE(), "statusoppdatering", "status update"),
        (
            mr.STATUS[Meeting.Status.AGENDA_PUBLISHED](),
            "Status satt til «saksliste publisert»",
            "Status set to agenda_published",
        ),
        # Values are kept as given…
        (
            mr.MINUTES_APPROVED_AT(meeting="KI-rådet 2/2026"),
            "Referatet godkjent i møte KI-rådet 2/2026",
            "Minutes approved at KI-rådet 2/2026",
        ),
        # …what a person typed passes through, a value that is a system reason is translated
        (
            network_reasons.CLOSED(reason="Løst i linjen"),
            "avsluttet: Løst i linjen",
            "closed: Løst i linjen",
        ),
        (
            guidance_reasons.ANONYMISED(reason=guidance_reasons.RETENTION_ENDED()),
            "anonymisert: oppbevaringstiden er ute",
            "anonymised: retention period ended",
        ),
        # What a user typed is shown as it is, in both languages, whatever it looks like
        (stored_reason("Ansvaret flyttet til DMP"), "Ansvaret flyttet til DMP", None),
        (stored_reason("Meeting planned"), "Meeting planned", None),
        (stored_reason('{"code": "meetings.planned"}'), '{"code": "meetings.planned"}', None),
        ("", "", None),
        (None, "", None),
    ],
)
def test_reason_display(stored, nb, en):
    with translation.override("nb"):
        assert reason_display(stored) == nb
    with translation.override("en"):
        assert reason_display(stored) == (en if en is not None else nb)


NB = '<span lang="nb">{}</span>'.format


@pytest.mark.parametrize(
    ("stored", "nb", "en"),
    [
        # The sentence is the portal's, in the reader's language; the values it quotes are data.
        (mr.PLANNED(), "Møte planlagt", "Meeting planned"),
        (
            mr.RECORD_LINKED(item="Skytjenester i sykehus", meeting="KI-rådet 2/2026"),
            "Koblet til sak «Skytjenester i sykehus» i KI-rådet 2/2026",
            f"Linked to agenda item «{NB('Skytjenester i sykehus')}» of {NB('KI-rådet 2/2026')}",
        ),
        # What a person typed, whole or quoted by a system reason
        (stored_reason("Ansvaret flyttet til DMP"), "Ansvaret flyttet til DMP", None),
        (
            network_reasons.CLOSED(reason="Løst i linjen"),
            "avsluttet: Løst i linjen",
            f"closed: {NB('Løst i linjen')}",
        ),
        ("Skrevet før kodene", "Skrevet før kodene", None),  # a row from before the codes
        # A value that is a system reason is the portal's too; a number or reference is no
        # language's words
        (
            guidance_reasons.ANONYMISED(reason=guidance_reasons.RETENTION_ENDED()),
            "anonymisert: oppbevaringstiden er ute",
            "anonymised: retention period ended",
        ),
        (report_reasons.RENDERING(attempt=2), "Lages, forsøk 2", "Rendering, attempt 2"),
        (
            guidance_reasons.MEETING_OFFERED(reference="VL-2026-0001"),
            "veiledningsmøte tilbudt for VL-2026-0001",
            "guidance meeting offered for VL-2026-0001",
        ),
        # Values are user data: escaped, never markup
        (
            mr.RECORD_LINKED(item="<script>alert(1)</script>", meeting='2/2026 "A&B"'),
            "Koblet til sak «&lt;script&gt;alert(1)&lt;/script&gt;» i 2/2026 &quot;A&amp;B&quot;",
            f"Linked to agenda item «{NB('&lt;script&gt;alert(1)&lt;/script&gt;')}» of "
            f"{NB('2/2026 &quot;A&amp;B&quot;')}",
        ),
        (stored_reason("<b>fet</b>"), "&lt;b&gt;fet&lt;/b&gt;", None),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", None),
        ("", "", None),
        (None, "", None),
    ],
)
def test_reason_html_marks_the_data_it_quotes_on_english_pages(stored, nb, en):
    """Issue 21: on an English page the Norwegian data in a reason carries lang="nb"."""
    with translation.override("nb"):
        assert reason_html(stored) == nb
    with translation.override("en"):
        expected = en if en is not None else (NB(nb) if nb else "")
        assert reason_html(stored) == expected


def test_a_system_reason_is_stored_as_its_code_and_values():
    stored = mr.MINUTES_APPROVED_AT(meeting="KI-rådet 2/2026")
    assert json.loads(stored) == {
        "code": "meetings.minutes_approved_at",
        "params": {"meeting": "KI-rådet 2/2026"},
    }
    assert json.loads(stored_reason(stored)) == json.loads(stored)
    assert json.loads(stored_reason("Skrevet av meg")) == {"text": "Skrevet av meg"}


def test_every_system_reason_is_known_at_start_up_and_translated():
    known = system_reasons()
    assert {
        "meetings.minutes_approved_at",
        "reports.rendering",
        "measures.agency_succeeded",
        "guidance.meeting_offered",
        "guidance.unpublished",
        "guidance.anonymised",
        "network.priority_overridden",
        "network.override_removed",
        "network.closed",
        "kiraad.seed_data",
    } <= set(known)
    with translation.override("nb"):
        untranslated = [r.code for r in known.values() if translation.gettext(r.msgid) == r.msgid]
    assert not untranslated


def test_a_code_declared_twice_with_another_text_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        SystemReason("meetings.planned", "Something else")


@pytest.mark.parametrize(
    ("old", "code", "params"),
    [
        ("Meeting planned", "meetings.planned", {}),
        ("seed data (plans.json)", "kiraad.seed_data", {}),
        (
            "Minutes approved at KI-rådet 2/2026",
            "meetings.minutes_approved_at",
            {"meeting": "KI-rådet 2/2026"},
        ),
        (
            "anonymised: retention period ended",
            "guidance.anonymised",
            {"reason": {"code": "guidance.retention_ended", "params": {}}},
        ),
        ("closed: Duplikat", "network.closed", {"reason": "Duplikat"}),
    ],
)
def test_the_migration_codes_the_old_sentences(old, code, params):
    migration = importlib.import_module("kiraad.migrations.0005_history_reasons_as_codes")
    assert json.loads(migration.encode(old)) == {"code": code, "params": params}
    typed = migration.encode("Ansvaret flyttet")
    assert json.loads(typed) == {"text": "Ansvaret flyttet"}
    assert migration.encode(typed) == typed
    with translation.override("nb"):
        assert reason_display(migration.encode(old))  # every code it writes is known


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
    # What someone typed stays Norwegian, and says so to a screen reader.
    assert '<td><span lang="nb">DMP er med fra høsten</span></td>' in page


@pytest.mark.parametrize("url", ["/measures/{pk}/", "/admin/measures/measure/{pk}/history/"])
def test_the_data_a_reason_quotes_is_marked_and_escaped_in_english(client, cast, hdir_measure, url):
    """A title quoted by a system reason is Norwegian data on an English page, and user data:
    marked lang="nb", escaped (a title holding a script stays text), in the portal's history
    table and in the admin's."""
    save_with_reason(
        hdir_measure,
        by=cast["secretariat"],
        reason=mr.RECORD_LINKED(
            item="<script>alert('x')</script>Tiltak", meeting="KI-rådet 2/2026"
        ),
    )
    client.force_login(cast["admin"])
    _english(client)
    page = client.get(url.format(pk=hdir_measure.pk)).text
    assert (
        "Linked to agenda item «"
        '<span lang="nb">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;Tiltak</span>» of '
        '<span lang="nb">KI-rådet 2/2026</span>'
    ) in page
    assert "<script>alert" not in page


def test_the_stored_reason_stays_english(client, cast, measure_with_history):
    stored = measure_with_history.history.values_list("history_change_reason", flat=True)
    stored = [json.loads(r) for r in stored if r]
    assert "measures.status_update" in {r.get("code") for r in stored}
    assert not any("statusoppdatering" in json.dumps(r, ensure_ascii=False) for r in stored)


def test_a_reason_recorded_from_a_norwegian_page_is_stored_as_a_code(client, cast, hdir_measure):
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
    assert _code(measure.history.earliest().history_change_reason) == "measures.measure_created"
    assert "<td>Tiltak opprettet</td>" in client.get(f"/measures/{measure.pk}/").text


@pytest.fixture
def meeting(cast):
    body = BodyFactory(key="ki-radet", decides=False)
    meeting = svc.meeting_plan(
        body=body,
        number="KI-rådet 7/2026",
        title="",
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        by=cast["secretariat"],
    )
    svc.meeting_transition(meeting=meeting, to=Meeting.Status.AGENDA_PUBLISHED, by=None)
    return meeting


def test_admin_history_shows_reasons_in_the_readers_language(client, cast, meeting):
    stored = meeting.history.values_list("history_change_reason", flat=True)
    assert {_code(r) for r in stored} == {"meetings.planned", "meetings.status_agenda_published"}
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
    assert set(meeting.minutes_versions.values_list("reason", flat=True)) == {""}
    stored = meeting.history.values_list("history_change_reason", flat=True)
    assert "meetings.minutes_written" in {_code(r) for r in stored}
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{meeting.pk}/").text
    assert "Referat skrevet" in page


def test_history_names_related_records_and_hides_bookkeeping(client, cast, hdir_measure, agencies):
    target = MeasureFactory(owned_by=agencies["HDIR"], title="Felles veileder")
    measure_post_status(
        measure=hdir_measure,
        author=cast["hdir_rep"],
        based_on=None,
        data=StatusData(status=Status.IN_PROGRESS, progress=20, health=Health.ON_TRACK),
    )
    hdir_measure.refresh_from_db()
    hdir_measure.merged_into = target
    save_with_reason(hdir_measure, by=cast["secretariat"], reason="Slått sammen")
    entries = history_entries(hdir_measure)
    changes = [change for entry in entries for change in entry.changes]
    labels = {label for label, _old, _new in changes}
    assert ("lagt inn under", "–", str(target)) in {(lb.lower(), o, n) for lb, o, n in changes}
    assert not any("statusoppdatering" in label.lower() for label in labels)
    # The target is deleted later: the history still names it, from the target's own history.
    hdir_measure.merged_into = None
    save_with_reason(hdir_measure, by=cast["secretariat"], reason="Angret")
    name, target_pk = str(target), target.pk
    target.delete()
    values = {
        v
        for entry in history_entries(hdir_measure)
        for _l, *old_new in entry.changes
        for v in old_new
    }
    assert name in values
    assert str(target_pk) not in values


def test_assignment_history_names_the_agencies(cast, agencies):
    from guidance.services.assignment import guidance_request_assign
    from tests.guidance.factories import GuidanceRequestFactory

    request = GuidanceRequestFactory(status="triaged")
    guidance_request_assign(
        request=request,
        lead=agencies["HDIR"],
        contributors=[agencies["DMP"]],
        by=cast["secretariat"],
    )
    guidance_request_assign(
        request=request, lead=agencies["DMP"], contributors=[], by=cast["secretariat"]
    )
    with translation.override("nb"):
        shown = [entry.reason for entry in history_entries(request)]
    assert (
        "etater tildelt – ledende: Direktoratet for medisinske produkter; lagt til: –; "
        "fjernet: Helsedirektoratet"
    ) in shown
    assert any(
        "lagt til: Direktoratet for medisinske produkter, Helsedirektoratet" in r for r in shown
    )
