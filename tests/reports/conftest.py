"""Fixtures for the status reports: a small council world with history at fixed moments."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from kiraad.models import Commission, Meeting
from measures.models import Health, Status
from measures.services import StatusData, measure_post_status
from tests.factories import AgendaItemFactory, MeetingFactory
from tests.measures.factories import MeasureFactory

TZ = timezone.get_current_timezone()
PERIOD = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def at(day: int, month: int = 3, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, tzinfo=TZ)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(cast, agencies):
    """A measure with two updates, a commission and a held council meeting, all in March 2026."""
    with time_machine.travel(at(1), tick=False):
        commission = Commission.objects.create(
            reference="TB2026-7",
            year=2026,
            agency=agencies["HDIR"],
            title="Koordinere KI-rådet og rapportere til departementet",
        )
        measure = MeasureFactory(owned_by=agencies["HDIR"], title="Veileder for KI-modeller")
        meeting = MeetingFactory(title="Rådsmøte mars", starts_at=at(5), status=Meeting.Status.HELD)
        AgendaItemFactory(
            meeting=meeting, title="Prioritering av tiltak", outcome="Rådet sluttet seg til"
        )
    with time_machine.travel(at(10), tick=False):
        first = measure_post_status(
            measure=measure,
            author=cast["hdir_rep"],
            based_on=None,
            data=StatusData(
                status=Status.IN_PROGRESS, progress=20, health=Health.ON_TRACK, done="Kartlagt"
            ),
        )
    return {"measure": measure, "commission": commission, "meeting": meeting, "first": first}


def post_update(world, cast, text: str, *, when: datetime.datetime, progress: int = 60):
    measure = world["measure"]
    measure.refresh_from_db()
    with time_machine.travel(when, tick=False):
        return measure_post_status(
            measure=measure,
            author=cast["hdir_rep"],
            based_on=measure.latest_update_id,
            data=StatusData(
                status=Status.IN_PROGRESS, progress=progress, health=Health.OFF_TRACK, done=text
            ),
        )
