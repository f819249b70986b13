"""The demo data is anchored to the day it is loaded, dated in its history, and loaded once.

Issue 17, defect 4: the demo world was frozen in 2025 (no planned meeting, overdue actions from
June 2025, no open reporting round) and its backdated rows carried the time they were loaded.
"""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from guidance.models import GuidanceRequest
from kiraad.models import ActionItem, Meeting, User
from measures import selectors as measure_selectors
from measures.models import Measure, Plan, ReportingRound, StatusUpdate
from network.models import AIDeployment, Escalation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
# Two days far apart, in different months, seasons and years.
DAYS = [datetime.date(2026, 12, 7), datetime.date(2027, 3, 31)]


def _load(day: datetime.date) -> None:
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=TZ)):
        call_command("load_seed_data", verbosity=0)
        call_command("load_demo_data", verbosity=0)


def _month_before(day: datetime.date) -> tuple[int, int]:
    previous = day.replace(day=1) - datetime.timedelta(days=1)
    return previous.year, previous.month


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_demo_world_is_around_the_day_it_is_loaded_and_on_the_dashboard(settings, day):
    settings.ALLOW_DEMO_DATA = True
    _load(day)
    council = Meeting.objects.filter(body__key="ki-radet")
    # A meeting held last month whose minutes await approval …
    held = council.get(status=Meeting.Status.HELD)
    local = timezone.localtime(held.starts_at).date()
    assert (local.year, local.month) == _month_before(day)
    assert held.minutes
    # … and the next one in about three weeks with its agenda published, approving them.
    upcoming = council.get(
        starts_at__gt=timezone.make_aware(datetime.datetime(*day.timetuple()[:3]))
    )
    assert upcoming.status == Meeting.Status.AGENDA_PUBLISHED
    assert 18 <= (timezone.localtime(upcoming.starts_at).date() - day).days <= 24
    assert upcoming.agenda_items.filter(approves_minutes_of=held).exists()
    # Actions: one overdue, some due within two weeks.
    open_actions = ActionItem.objects.filter(status__in=ActionItem.OPEN_STATUSES)
    assert [a.title for a in open_actions if a.due_date < day] == [
        "Lage en side om bruk av KI i journalføring"
    ]
    assert sum(1 for a in open_actions if 0 <= (a.due_date - day).days <= 14) >= 2
    # An open reporting round per plan, due ahead, with agencies that have and have not reported.
    rounds = measure_selectors.current_rounds(today=day)
    assert set(rounds) == set(Plan.objects.values_list("pk", flat=True))
    assert all(r.opens_on < day < r.due_on for r in rounds.values())
    missing = {gap.agency.code for gap in measure_selectors.agencies_not_reported(today=day)}
    owners = set(Measure.objects.values_list("owners__agency__code", flat=True)) - {None}
    assert missing
    assert owners - missing
    # Guidance requests of several ages, escalations in every state.
    ages = {
        (day - timezone.localtime(r.received_at).date()).days for r in GuidanceRequest.objects.all()
    }
    assert min(ages) <= 3
    assert max(ages) >= 60
    assert len(ages) >= 4
    assert set(Escalation.objects.values_list("status", flat=True)) == set(Escalation.Status.values)
    # The dashboard shows the next meeting and the overdue action.
    client = Client()
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=TZ)):
        client.force_login(User.objects.get(username="sekretariat"))
        response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert upcoming.number in page
    assert "Lage en side om bruk av KI i journalføring" in page
    assert "Ingen møter er planlagt" not in page


def test_every_backdated_row_carries_its_effective_time_in_its_history(settings):
    settings.ALLOW_DEMO_DATA = True
    _load(DAYS[0])
    loaded = datetime.datetime.combine(DAYS[0], datetime.time(8, 30), tzinfo=TZ)
    # Status updates: the measure's history records each update at the update's own time.
    for update in StatusUpdate.objects.select_related("measure"):
        record = update.measure.history.get(latest_update_id=update.pk)
        # Rows dated at one moment follow each other by a microsecond (kiraad.backdate).
        assert abs(record.history_date - update.created_at) < datetime.timedelta(milliseconds=1)
        assert update.created_at < loaded - datetime.timedelta(days=1)
    # Meetings: held when they ended, approved at the next meeting.
    for meeting in Meeting.objects.filter(body__key="ki-radet", ends_at__lt=loaded):
        held = meeting.history.filter(status=Meeting.Status.HELD).earliest("history_date")
        assert held.history_date == meeting.ends_at
    for request in GuidanceRequest.objects.all():
        assert request.history.earliest("history_date").history_date == request.received_at
    for escalation in Escalation.objects.exclude(raised_at=None):
        assert escalation.history.earliest("history_date").history_date == escalation.raised_at
    for deployment in AIDeployment.objects.all():
        created = deployment.history.earliest("history_date").history_date
        assert created < loaded - datetime.timedelta(days=20)
    # The plans' measures exist from the plan's date (the 2020 plan from 1 January 2020).
    first = Measure.history.filter(plan__key="FP2020").earliest("history_date")
    assert timezone.localtime(first.history_date).date() == datetime.date(2020, 1, 1)


def _counts() -> dict[str, int]:
    models = (Meeting, ActionItem, Measure, StatusUpdate, ReportingRound, Escalation)
    counts = {m.__name__: m.objects.count() for m in models}
    counts |= {f"{m.__name__} history": m.history.count() for m in models if m is not StatusUpdate}
    counts["GuidanceRequest"] = GuidanceRequest.objects.count()
    counts["AIDeployment"] = AIDeployment.objects.count()
    return counts


def test_loading_again_another_day_changes_nothing(settings):
    """The demo set is keyed by natural keys; a set that exists keeps its dates."""
    settings.ALLOW_DEMO_DATA = True
    _load(DAYS[0])
    first = _counts()
    dates = sorted(Meeting.objects.values_list("starts_at", flat=True))
    _load(DAYS[0] + datetime.timedelta(days=40))
    assert _counts() == first
    assert sorted(Meeting.objects.values_list("starts_at", flat=True)) == dates


def test_bench_data_history_is_dated_at_each_rows_own_time(settings, monkeypatch):
    from kiraad.management.commands import generate_bench_data

    settings.ALLOW_DEMO_DATA = True
    small = dict.fromkeys(generate_bench_data.PER_SCALE, 3) | {"updates_per_measure": 2}
    monkeypatch.setattr(generate_bench_data, "PER_SCALE", small)
    call_command("load_seed_data", verbosity=0)
    UserFactory(username="bench-admin", is_superuser=True)
    call_command("generate_bench_data", verbosity=0)
    bench = Measure.objects.filter(plan__key="BENCH1")
    first_update = StatusUpdate.objects.filter(measure__in=bench).order_by("created_at").first()
    for measure in bench:
        assert measure.history.get().history_date < first_update.created_at
    for request in GuidanceRequest.objects.filter(title__startswith="[Bench]"):
        assert request.history.get().history_date == request.received_at
    for meeting in Meeting.objects.filter(title__startswith="[Bench]"):
        assert meeting.history.get().history_date == meeting.starts_at + datetime.timedelta(hours=3)
    assert Escalation.history.filter(title__startswith="[Bench]").count() == 3
    assert AIDeployment.history.filter(system__startswith="[Bench]").count() == 3
