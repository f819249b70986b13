"""Seed and demo loaders for council meetings.

load_seed: the real past meetings in fixtures/seed/past_meetings.json (the 2021 steering-group
meetings and the 2022 workshops of «KI - data og algoritmer»), status held.
load_demo: four clearly fictional KI-rådet meetings around the day of loading, with outcomes,
actions and minutes, recorded step by step with each step's history dated when it took effect.
Both are idempotent (natural key: body + title; agenda items by meeting + order).
"""

import contextlib
import datetime
import heapq
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from kiraad.backdate import history_dated, loader_clock
from kiraad.meetings import reasons
from kiraad.meetings import services as meeting_services
from kiraad.meetings.models import ActionItem, AgendaItem, Attendance, Meeting
from kiraad.models import Agency, Body, User
from kiraad.seed import SEED_REASON, rows_by, upsert
from kiraad.services import save_with_reason

OSLO = ZoneInfo("Europe/Oslo")
KIND_MAP = {
    "orienteringssak": AgendaItem.Kind.INFORMATION,
    "presentasjon": AgendaItem.Kind.INFORMATION,
    "drøftingssak": AgendaItem.Kind.DISCUSSION,
    "rådssak": AgendaItem.Kind.ADVICE,
    "beslutningssak": AgendaItem.Kind.DECISION,
}


def _parse(value: str) -> datetime.datetime:
    if "T" in value:
        return datetime.datetime.fromisoformat(value).replace(tzinfo=OSLO)
    day = datetime.date.fromisoformat(value)
    return datetime.datetime(day.year, day.month, day.day, tzinfo=OSLO)


@transaction.atomic
def load_seed(*, data_dir: Path, log: Callable[[str], None]) -> None:
    path = Path(data_dir) / "past_meetings.json"
    if not path.exists():
        log(f"meetings: {path} missing, skipped")
        return
    rows = json.loads(path.read_text(encoding="utf-8"))
    bodies = {b.key: b for b in Body.objects.filter(key__in={r["body"] for r in rows})}
    created = 0
    known_meetings = rows_by(Meeting, "body", "title")
    known_items = rows_by(AgendaItem, "meeting", "order")
    for row in rows:
        body = bodies.get(row["body"])
        if body is None:
            log(f"meetings: body {row['body']!r} missing, skipped {row['title']!r}")
            continue
        starts = _parse(row["starts_at"])
        was_created = (body.pk, row["title"]) not in known_meetings
        # A meeting loaded for the first time is recorded as held when it was held.
        with history_dated(starts) if was_created else contextlib.nullcontext():
            meeting = upsert(
                Meeting,
                {"body": body, "title": row["title"]},
                {
                    "starts_at": starts,
                    "ends_at": _parse(row["ends_at"]) if row.get("ends_at") else None,
                    "time_known": row.get("time_known", True),
                    "kind": row.get("kind", Meeting.Kind.MEETING),
                    "status": Meeting.Status.HELD,
                    "source": row.get("source", ""),
                },
                reason=SEED_REASON,
                known=known_meetings,
            )
            created += was_created
            for order, item in enumerate(row.get("items", []), start=1):
                kind = KIND_MAP.get(item["kind"], AgendaItem.Kind.INFORMATION)
                if kind == AgendaItem.Kind.DECISION and not body.decides:
                    kind = AgendaItem.Kind.DISCUSSION
                upsert(
                    AgendaItem,
                    {"meeting": meeting, "order": order},
                    {"kind": kind, "title": item["title"], "text": item.get("text", "")},
                    reason=SEED_REASON,
                    known=known_items,
                )
    log(f"meetings: {len(rows)} past meetings ({created} new)")


# --- demo: a council year anchored to the day of loading -------------------------------------


@dataclass(frozen=True)
class DemoItem:
    kind: str
    title: str
    presenter: str
    outcome: str = ""  # written when the meeting is held (a conclusion, or advice if `advice`)
    advice: bool = False


@dataclass(frozen=True)
class DemoAction:
    title: str
    owner: str
    due_in_days: int  # from the day of loading
    status: str = ActionItem.Status.OPEN
    status_after_days: int = 0  # when a closed or started action got its status, from its meeting


@dataclass(frozen=True)
class DemoMeeting:
    title: str  # the natural key, with the council body
    items: tuple[DemoItem, ...]
    actions: tuple[DemoAction, ...] = ()


DEMO_MEETINGS = (
    DemoMeeting(
        "Rådsmøte (demo): prioriteringer for året",
        (
            DemoItem(
                AgendaItem.Kind.INFORMATION,
                "Status for prosjektet «Rammer og retning for KI»",
                "HDIR",
                "Rådet tok orienteringen til etterretning.",
            ),
            DemoItem(
                AgendaItem.Kind.ADVICE,
                "Prioritering av veiledningstema",
                "DMP",
                "Rådet anbefaler at anskaffelse og klinisk validering prioriteres som "
                "veiledningstema.",
                advice=True,
            ),
        ),
        (DemoAction("Følge opp: prioritering av veiledningstema", "DMP", -60, "done", 40),),
    ),
    DemoMeeting(
        "Rådsmøte (demo): saker fra kompetansenettverket",
        (
            DemoItem(
                AgendaItem.Kind.DISCUSSION,
                "Saker meldt fra kompetansenettverket KIN",
                "KIN",
                "Sekretariatet følger opp sakene om skytjenester og testing.",
            ),
            DemoItem(
                AgendaItem.Kind.ADVICE,
                "Innspill til informasjonssiden",
                "HDIR",
                "Rådet anbefaler en egen side om bruk av KI i journalføring.",
                advice=True,
            ),
        ),
        (
            DemoAction("Lage en side om bruk av KI i journalføring", "HDIR", -10),
            DemoAction("Oppsummere sakene om skytjenester og testing", "KIN", 5, "in_progress", 20),
        ),
    ),
    DemoMeeting(
        "Rådsmøte (demo): erfaringer fra veiledningen",
        (
            DemoItem(
                AgendaItem.Kind.INFORMATION,
                "Erfaringer fra tverretatlig veiledning",
                "DMP",
                "Rådet ber om en oppsummering til neste møte.",
            ),
        ),
        (
            DemoAction("Oppsummere erfaringer fra veiledningen", "DMP", 14),
            DemoAction("Forslag til tema for neste halvår", "FHI", 7),
        ),
    ),
    DemoMeeting(
        "Rådsmøte (demo): evaluering av mandatet",
        (DemoItem(AgendaItem.Kind.DISCUSSION, "Evaluering av rådets mandat", "HDIR"),),
    ),
)
DEMO_PLACE = "Helsedirektoratet, Oslo / Teams"
DEMO_MINUTES = "Demoreferat (fiktivt innhold): rådet drøftet sakene på sakslisten."


def _weekday(day: datetime.date, *, back: bool) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=-1 if back else 1)
    return day


def demo_meeting_days(today: datetime.date) -> list[datetime.date]:
    """The four demo meetings' days for a load on `today`: two earlier ones eight weeks apart,
    one held in the previous calendar month (its minutes await approval) and one in about
    three weeks (its agenda published)."""
    last_month = _weekday(today.replace(day=1) - datetime.timedelta(days=11), back=True)
    earlier = last_month - datetime.timedelta(weeks=8)
    return [
        _weekday(earlier - datetime.timedelta(weeks=8), back=True),
        _weekday(earlier, back=True),
        last_month,
        _weekday(today + datetime.timedelta(days=21), back=False),
    ]


class Timeline:
    """Steps to run in time order, each under the loader clock at its moment; a step may add
    later steps. Steps after now are not run: they have not happened yet."""

    def __init__(self) -> None:
        self._steps: list[tuple[datetime.datetime, int, Callable[[], None]]] = []
        self._count = 0

    def at(self, moment: datetime.datetime, step: Callable[[], None]) -> None:
        heapq.heappush(self._steps, (moment, self._count, step))
        self._count += 1

    def run(self) -> None:
        now = timezone.now()
        while self._steps:
            moment, _order, step = heapq.heappop(self._steps)
            if moment > now:
                continue
            with loader_clock(moment):
                step()


@transaction.atomic
def load_demo(*, data_dir: Path, log: Callable[[str], None]) -> None:
    """Four fictional KI-rådet meetings around the day of loading, recorded as they happened
    (planned, published, held, outcomes, actions, minutes approved at the next meeting), each
    step's history dated when it took effect. Keyed by title: a set that exists is left as it
    is (its dates are not moved on a later load); a set that is absent is anchored to today."""
    body = Body.objects.filter(key="ki-radet").first()
    if body is None:
        log("meetings demo: body 'ki-radet' missing, skipped")
        return
    if Meeting.objects.filter(body=body, title__in=[d.title for d in DEMO_MEETINGS]).exists():
        log("meetings demo: already loaded (its dates are kept)")
        return
    by = User.objects.filter(username="sekretariat").first()
    codes = {i.presenter for d in DEMO_MEETINGS for i in d.items}
    codes |= {a.owner for d in DEMO_MEETINGS for a in d.actions}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    today = timezone.localdate()
    now = timezone.now()
    days = demo_meeting_days(today)
    timeline = Timeline()
    meetings: list[Meeting] = []
    previous_end: datetime.datetime | None = None
    for index, (demo, day) in enumerate(zip(DEMO_MEETINGS, days, strict=True)):
        starts = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=OSLO)
        ends = starts + datetime.timedelta(hours=3)
        same_year = sum(1 for d in days[:index] if d.year == day.year)
        meeting = Meeting(
            body=body, number=f"KI-rådet {same_year + 1}/{day.year}", title=demo.title,
            starts_at=starts, ends_at=ends, place=DEMO_PLACE,
        )  # fmt: skip
        planned = starts - datetime.timedelta(days=35)
        if previous_end is not None:  # planned once the previous one was held
            planned = max(planned, previous_end + datetime.timedelta(days=1))
        timeline.at(
            min(planned, now - datetime.timedelta(days=2)), _planner(meeting, demo, agencies, by)
        )
        published = min(starts - datetime.timedelta(days=7), now - datetime.timedelta(days=1))
        timeline.at(published, _status(meeting, Meeting.Status.AGENDA_PUBLISHED, by))
        timeline.at(ends, _status(meeting, Meeting.Status.HELD, by))
        timeline.at(
            ends + datetime.timedelta(minutes=5),
            _outcomes(timeline, meeting, demo, agencies, by, today),
        )
        timeline.at(ends + datetime.timedelta(days=2), _minutes(meeting, by))
        if meetings:
            # Approved at the next meeting once it is held.
            timeline.at(
                ends + datetime.timedelta(minutes=10),
                _approver(meetings[-1], meeting, by),
            )
        meetings.append(meeting)
        previous_end = ends
    timeline.run()
    log(f"meetings demo: {len(meetings)} KI-rådet meetings around {today:%d.%m.%Y} (demo)")


def _planner(meeting: Meeting, demo: DemoMeeting, agencies, by) -> Callable[[], None]:
    def plan() -> None:
        created = meeting_services.meeting_plan(
            body=meeting.body,
            number=meeting.number,
            title=meeting.title,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            place=meeting.place,
            by=by,
        )
        meeting.pk = created.pk
        for item in demo.items:
            meeting_services.agenda_item_add(
                meeting=created,
                kind=item.kind,
                title=item.title,
                presenter_agency=agencies.get(item.presenter),
                by=by,
            )

    return plan


def _status(meeting: Meeting, to: str, by) -> Callable[[], None]:
    """A status step without the publishing e-mail: the demo's past needs no announcements."""

    def move() -> None:
        current = Meeting.objects.get(pk=meeting.pk)
        current.status = to
        save_with_reason(current, by=by, reason=reasons.STATUS[Meeting.Status(to)]())
        meeting_services.approval_items_sync(body_id=current.body_id, by=by)

    return move


def _outcomes(timeline: Timeline, meeting, demo: DemoMeeting, agencies, by, today):
    def record() -> None:
        for agency in agencies.values():
            meeting_services.attendance_set(
                meeting=meeting, agency=agency, status=Attendance.Status.PRESENT, by=by
            )
        items = {i.title: i for i in AgendaItem.objects.filter(meeting_id=meeting.pk)}
        for spec in demo.items:
            meeting_services.agenda_item_record_outcome(
                item=items[spec.title],
                outcome_kind=AgendaItem.OutcomeKind.ADVICE
                if spec.advice
                else AgendaItem.OutcomeKind.CONCLUSION,
                outcome=spec.outcome,
                by=by,
            )
        last = items[demo.items[-1].title]
        for action_spec in demo.actions:
            if action_spec.owner not in agencies:
                continue
            action = meeting_services.action_item_create(
                item=last,
                title=action_spec.title,
                owner_agency=agencies[action_spec.owner],
                due_date=today + datetime.timedelta(days=action_spec.due_in_days),
                by=by,
            )
            if action_spec.status != ActionItem.Status.OPEN:
                timeline.at(
                    timezone.now() + datetime.timedelta(days=action_spec.status_after_days),
                    _action_status(action, action_spec.status, by),
                )

    return record


def _action_status(action: ActionItem, status: str, by: User | None) -> Callable[[], None]:
    def step() -> None:
        meeting_services.action_item_set_status(action=action, status=status, by=by)

    return step


def _minutes(meeting: Meeting, by: User | None) -> Callable[[], None]:
    def step() -> None:
        meeting_services.meeting_write_minutes(meeting=meeting, text=DEMO_MINUTES, by=by)

    return step


def _approver(earlier: Meeting, later: Meeting, by) -> Callable[[], None]:
    def approve() -> None:
        item = AgendaItem.objects.get(meeting_id=later.pk, approves_minutes_of_id=earlier.pk)
        meeting_services.agenda_item_approve_minutes(item=item, by=by)

    return approve
