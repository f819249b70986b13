import datetime

import pytest
import time_machine
from django.template.loader import render_to_string
from django.utils import timezone

from kiraad import registry
from measures.models import Health, Status
from measures.panels import measures_panel
from measures.report import status_section
from measures.services import StatusData, measure_post_status
from tests.measures.factories import MeasureFactory, ReportingRoundFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()


def _at(day: int, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 12, tzinfo=TZ)


def test_report_section_is_registered():
    assert "measures.report.status_section" in registry.report_sections.names()


def test_report_reads_state_as_of_its_date(cast, agencies):
    with time_machine.travel(_at(1), tick=False):
        measure = MeasureFactory(
            owned_by=agencies["HDIR"], title="Handlingsrom", due_date=datetime.date(2026, 3, 15)
        )
    with time_machine.travel(_at(10), tick=False):
        first = measure_post_status(
            measure=measure,
            author=cast["hdir_rep"],
            based_on=None,
            data=StatusData(
                status=Status.IN_PROGRESS, progress=20, health=Health.ON_TRACK, done="Kartlagt"
            ),
        )
    with time_machine.travel(_at(20), tick=False):
        measure_post_status(
            measure=measure,
            author=cast["hdir_rep"],
            based_on=first.pk,
            data=StatusData(
                status=Status.IN_PROGRESS, progress=50, health=Health.OFF_TRACK, done="Forsinket"
            ),
        )

    section = status_section(
        as_of=_at(15), period_start=datetime.date(2026, 1, 1), period_end=_at(15).date()
    )
    (plan,) = section.context["plans"]
    (state,) = plan.measures
    assert (state.status, state.progress, state.health) == ("in_progress", 20, "on_track")
    assert state.latest_text == "Kartlagt"
    assert state.owners[0].startswith("Helsedirektoratet")
    assert section.context["attention"] == []  # not yet overdue on the 15th
    assert [c.number for c in section.context["changes"]] == [measure.number]

    later = status_section(
        as_of=_at(25),
        period_start=datetime.date(2026, 1, 1),
        period_end=_at(25).date(),
        previous_as_of=_at(15),
    )
    (state,) = later.context["plans"][0].measures
    assert (state.progress, state.health) == (50, "off_track")
    assert state.overdue
    assert [s.number for s in later.context["attention"]] == [measure.number]
    (change,) = later.context["changes"]
    assert "20 %" in change.before
    assert "50 %" in change.after

    html = render_to_string(later.template, {"section": later.context})
    assert "Forsinket" in html
    assert "<script" not in html

    # The same report rebuilt later says the same thing.
    again = status_section(
        as_of=_at(15), period_start=datetime.date(2026, 1, 1), period_end=_at(15).date()
    )
    assert again.context["plans"][0].measures[0].progress == 20


def test_report_before_a_measure_existed_leaves_it_out(agencies):
    with time_machine.travel(_at(10), tick=False):
        MeasureFactory(owned_by=agencies["HDIR"])
    section = status_section(
        as_of=_at(5), period_start=datetime.date(2026, 1, 1), period_end=_at(5).date()
    )
    assert section.context["plans"] == []


@time_machine.travel(_at(20, month=4), tick=False)
def test_panel_shows_due_off_track_and_agencies_not_reported(cast, agencies):
    due = MeasureFactory(owned_by=agencies["HDIR"], title="Ikke rapportert")
    reported = MeasureFactory(owned_by=agencies["HDIR"], title="Rapportert")
    late = MeasureFactory(
        owned_by=agencies["DMP"], title="DMP sitt", due_date=datetime.date(2026, 4, 1)
    )
    ReportingRoundFactory(
        plan=due.plan,
        name="2026 runde 2",
        opens_on=datetime.date(2026, 4, 15),
        due_on=datetime.date(2026, 5, 31),
    )
    measure_post_status(
        measure=reported,
        author=cast["hdir_rep"],
        based_on=None,
        data=StatusData(status=Status.IN_PROGRESS, progress=10, health=Health.OFF_TRACK),
    )
    panel = measures_panel(cast["hdir_rep"])
    data = panel.context["data"]
    assert data.due == [due]
    assert data.off_track == [reported]
    assert data.past_due == []  # DMP's late measure is not ours

    panel = measures_panel(cast["dmp_rep"])
    assert panel.context["data"].past_due == [late]

    panel = measures_panel(cast["secretariat"])
    gaps = {gap.agency.code: gap.missing for gap in panel.context["not_reported"]}
    assert gaps == {"HDIR": 1, "DMP": 1}
    assert measures_panel(cast["kin_coordinator"]) is None


@time_machine.travel(_at(20, month=4), tick=False)
def test_dashboard_renders_the_panel(client, cast, agencies):
    measure = MeasureFactory(owned_by=agencies["HDIR"], title="Ikke rapportert")
    ReportingRoundFactory(
        plan=measure.plan,
        name="R",
        opens_on=datetime.date(2026, 4, 1),
        due_on=datetime.date(2026, 4, 30),
    )
    client.force_login(cast["hdir_rep"])
    page = client.get("/").content.decode()
    assert f"/measures/{measure.pk}/update/" in page
