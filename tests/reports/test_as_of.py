"""A report as of date D shows the state at the end of D (issue 17, defect 5).

Three dates of known state: before anything was recorded, after the first status update, after
a second update, an ownership change and a completed action. Each report's measures table,
actions and register are compared with the expected rows, first in the builder's data, then in
the PDF's text.
"""

import datetime
import io

import pypdf
import pytest
import time_machine
from django.utils import timezone

from guidance.models import GuidanceRequest
from kiraad.meetings import services as meeting_services
from kiraad.models import ActionItem, Meeting, StatusReport
from kiraad.reports import builder, services
from kiraad.reports.pdf import render_pdf
from measures.models import Health, Status
from measures.services import OwnerData, StatusData, measure_post_status, measure_set_owners
from tests.factories import ActionItemFactory, AgendaItemFactory, MeetingFactory
from tests.measures.factories import MeasureFactory, PlanFactory
from tests.network.factories import DeploymentFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
D1, D2, D3 = datetime.date(2026, 1, 31), datetime.date(2026, 2, 15), datetime.date(2026, 3, 15)


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def day(month: int, dom: int) -> datetime.date:
    return datetime.date(2026, month, dom)


@pytest.fixture
def history(cast, agencies):
    """What happened, each at its own moment."""
    hdir, dmp = agencies["HDIR"], agencies["DMP"]
    rep = cast["hdir_rep"]

    def post(measure, when, status, progress, health, text):
        measure.refresh_from_db()
        with time_machine.travel(at(when), tick=False):
            measure_post_status(
                measure=measure,
                author=rep,
                based_on=measure.latest_update_id,
                data=StatusData(status=status, progress=progress, health=health, done=text),
            )

    with time_machine.travel(at(day(2, 2)), tick=False):
        plan = PlanFactory(key="FP2020", title="Felles plan 2020")
        guide = MeasureFactory(
            plan=plan, number="FP2020-01", title="Veileder for KI-modeller", owned_by=hdir
        )
        DeploymentFactory(system="Bruddfinner")
    post(guide, day(2, 10), Status.IN_PROGRESS, 20, Health.ON_TRACK, "Kartlagt")
    with time_machine.travel(at(day(2, 12), 10), tick=False):
        meeting = MeetingFactory(
            title="Rådsmøte februar", number="KI-rådet 1/2026", starts_at=at(day(2, 12), 10)
        )
        item = AgendaItemFactory(meeting=meeting, title="Veilederen", outcome="Rådet støttet")
        action = ActionItemFactory(
            meeting=meeting,
            agenda_item=item,
            title="Sende veilederen på høring",
            owner_agency=hdir,
            due_date=day(2, 20),
        )
        meeting.status = Meeting.Status.HELD
        meeting.save()
    with time_machine.travel(at(day(3, 1)), tick=False):
        measure_set_owners(
            measure=guide, owners=OwnerData(lead=dmp, co_owners=[dmp, hdir]), by=None, reason="t"
        )
    with time_machine.travel(at(day(3, 2)), tick=False):
        MeasureFactory(
            plan=plan, number="FP2020-02", title="Kompetansebehov i helsetjenesten", owned_by=dmp
        )
        DeploymentFactory(system="Talegjenkjenner")
    with time_machine.travel(at(day(3, 5)), tick=False):
        meeting_services.action_item_set_status(
            action=action, status=ActionItem.Status.DONE, by=None
        )
    post(guide, day(3, 10), Status.PAUSED, 50, Health.OFF_TRACK, "Venter på avklaring")
    # Later than every report: must show in none of them.
    post(guide, day(3, 20), Status.COMPLETED, 100, Health.ON_TRACK, "Levert")
    return {"plan": plan}


EXPECTED = {
    D1: {"measures": [], "actions": [], "register": 0, "meetings": []},
    D2: {
        "measures": [
            (
                "FP2020-01",
                "Veileder for KI-modeller",
                "Helsedirektoratet (ledende)",
                "under arbeid",
                20,
                "i rute",
                "10.02.2026: Kartlagt",
            )
        ],
        "actions": [("Sende veilederen på høring", "KI-rådet 1/2026", "åpen", False)],
        "register": 1,
        "meetings": ["Rådsmøte februar"],
    },
    D3: {
        "measures": [
            (
                "FP2020-01",
                "Veileder for KI-modeller",
                "Direktoratet for medisinske produkter (ledende), Helsedirektoratet",
                "satt på vent",
                50,
                "ikke i rute",
                "10.03.2026: Venter på avklaring",
            ),
            (
                "FP2020-02",
                "Kompetansebehov i helsetjenesten",
                "Direktoratet for medisinske produkter (ledende)",
                "ikke startet",
                0,
                "ukjent",
                "–",
            ),
        ],
        "actions": [("Sende veilederen på høring", "KI-rådet 1/2026", "fullført", False)],
        "register": 2,
        "meetings": ["Rådsmøte februar"],
    },
}


def _order(cast, as_of: datetime.date) -> StatusReport:
    with time_machine.travel(at(day(3, 25)), tick=False):
        return services.report_order(
            by=cast["secretariat"],
            period_start=datetime.date(2026, 1, 1),
            period_end=as_of,
            as_of=as_of,
            commissions=[],
        )


def _tables(report: StatusReport) -> dict:
    """The report's tables as the builder hands them to the template."""
    from django.utils import translation

    with translation.override("nb"):
        context = builder.build_context(report)
        chapters = {s.key: s for s in builder.sections(report)}
    measures = [
        (
            m.number,
            m.title,
            ", ".join(m.owners),
            m.status_label,
            m.progress,
            m.health_label,
            f"{m.latest_at:%d.%m.%Y}: {m.latest_text}" if m.latest_at else "–",
        )
        for plan in chapters["measures"].context["plans"]
        for m in plan.measures
    ]
    return {
        "measures": measures,
        "actions": [(a.title, a.meeting, a.status, a.overdue) for a in context["actions"]],
        "register": chapters["network"].context["deployment_count"],
        "meetings": [m.title for m in context["meetings"]],
        "empty": context["empty"],
    }


def _pdf_words(report: StatusReport) -> str:
    from django.utils import translation

    with translation.override("nb"):
        html = builder.build_html(report)
    data = render_pdf(html, as_of=report.as_of)
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("as_of", [D1, D2, D3], ids=str)
def test_each_report_shows_the_state_at_the_end_of_its_date(cast, history, as_of):
    report = _order(cast, as_of)
    tables = _tables(report)
    expected = EXPECTED[as_of]
    assert tables["measures"] == expected["measures"]
    assert tables["actions"] == expected["actions"]
    assert tables["register"] == expected["register"]
    assert tables["meetings"] == expected["meetings"]
    # Nothing recorded yet: the chapters say so and the title page warns.
    if as_of == D1:
        assert "Tiltakene i de felles planene" in tables["empty"]
        assert "Rådets møter" in tables["empty"]
    else:
        assert tables["empty"] == []
    text = _pdf_words(report)
    words = set(text.split())
    for row in expected["measures"]:
        for cell in row:
            for word in str(cell).split():
                assert word in words, (word, row)
    for title, meeting, status, _overdue in expected["actions"]:
        for word in f"{title} {meeting} {status}".split():
            assert word in words
    assert f"{expected['register']} KI-system" in text
    assert "Levert" not in words  # the update after every report's date
    if as_of == D1:
        assert "Ingen tiltak var registrert i portalen per 31. januar 2026" in text
        assert "Per 31. januar 2026 var ingenting registrert i portalen for:" in text


def test_an_open_action_past_its_due_date_is_overdue_as_of_that_date(cast, history):
    report = _order(cast, datetime.date(2026, 2, 25))
    assert _tables(report)["actions"] == [
        ("Sende veilederen på høring", "KI-rådet 1/2026", "åpen", True)
    ]


def test_table_headers_and_cells_keep_their_words_whole(cast, history):
    """The render showed «PrioritetTiltak», «Helsedirektorate t» and «FP2020-0 1»."""
    text = _pdf_words(_order(cast, D3))
    assert "Nr. Tiltak Eiere Status Siste oppdatering" in text
    for word in ("Helsedirektoratet", "FP2020-01", "FP2020-02", "Oppfølgingspunkt"):
        assert word in text.split()
    assert "PrioritetTiltak" not in text
    assert "FramdriftTilstand" not in text


def test_a_rule_recorded_twice_as_unclear_is_listed_once(cast, history):
    from guidance.models import Gap

    with time_machine.travel(at(day(3, 3)), tick=False):
        request = GuidanceRequest.objects.create(
            reference="VL-1",
            requester_name="X",
            requester_email="x@example.org",
            organisation="Y",
            org_kind="health_trust",
            title="Spørsmål",
            question="?",
            phase="development",
            consent=True,
            received_at=timezone.now(),
            unclear_rules="Klassifisering av KI-programvare",
        )
        Gap.objects.create(title="Klassifisering av KI-programvare ", request=request)
    report = _order(cast, D3)
    guidance = {s.key: s for s in builder.sections(report)}["guidance"]
    assert guidance.context["figures"].unclear == ["Klassifisering av KI-programvare"]


def test_a_report_on_the_demo_data_as_of_an_earlier_date_finds_its_state(cast, settings):
    """The defect: demo updates were backdated but their history carried the load time, so a
    report as of an earlier date had no measures, no changes and «0 KI-systemer»."""
    from django.core.management import call_command

    from measures.models import Measure, StatusUpdate
    from network.models import AIDeployment

    settings.ALLOW_DEMO_DATA = True
    loaded = at(datetime.date(2026, 12, 7), 8)
    with time_machine.travel(loaded):
        call_command("load_seed_data", verbosity=0)
        call_command("load_demo_data", verbosity=0)
    as_of = datetime.date(2026, 7, 20)
    report = _order_later(cast, as_of, now=loaded + datetime.timedelta(hours=1))
    tables = _tables(report)
    assert tables["empty"] == []
    moment = report.as_of
    expected = []
    for measure in Measure.objects.order_by("plan__key", "order", "number"):
        update = (
            StatusUpdate.objects.filter(measure=measure, created_at__lte=moment)
            .order_by("-created_at")
            .first()
        )
        expected.append((measure.number, update.progress if update else 0))
    assert sorted((row[0], row[4]) for row in tables["measures"]) == sorted(expected)
    assert any(progress for _number, progress in expected)
    registered = AIDeployment.history.filter(history_date__lte=moment, history_type="+")
    assert tables["register"] == registered.count() > 0
    assert tables["register"] < AIDeployment.objects.count()


def _order_later(cast, as_of: datetime.date, *, now: datetime.datetime) -> StatusReport:
    with time_machine.travel(now, tick=False):
        return services.report_order(
            by=cast["secretariat"],
            period_start=as_of.replace(month=1, day=1),
            period_end=as_of,
            as_of=as_of,
            commissions=[],
        )
