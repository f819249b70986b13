"""Seed and demo loaders for council meetings.

load_seed: the real past meetings in fixtures/seed/past_meetings.json (the 2021 steering-group
meetings and the 2022 workshops of «KI - data og algoritmer»), status held.
load_demo: a plausible, clearly fictional year of KI-rådet meetings with outcomes and actions.
Both are idempotent (natural key: body + number/title; agenda items by meeting + order).
"""

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction

from kiraad.models import ActionItem, Agency, AgendaItem, Attendance, Body, Meeting

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
    for row in rows:
        body = bodies.get(row["body"])
        if body is None:
            log(f"meetings: body {row['body']!r} missing, skipped {row['title']!r}")
            continue
        meeting, was_created = Meeting.objects.update_or_create(
            body=body,
            title=row["title"],
            defaults={
                "starts_at": _parse(row["starts_at"]),
                "ends_at": _parse(row["ends_at"]) if row.get("ends_at") else None,
                "time_known": row.get("time_known", True),
                "kind": row.get("kind", Meeting.Kind.MEETING),
                "status": Meeting.Status.HELD,
                "source": row.get("source", ""),
            },
        )
        created += was_created
        for order, item in enumerate(row.get("items", []), start=1):
            kind = KIND_MAP.get(item["kind"], AgendaItem.Kind.INFORMATION)
            if kind == AgendaItem.Kind.DECISION and not body.decides:
                kind = AgendaItem.Kind.DISCUSSION
            AgendaItem.objects.update_or_create(
                meeting=meeting,
                order=order,
                defaults={"kind": kind, "title": item["title"], "text": item.get("text", "")},
            )
    log(f"meetings: {len(rows)} past meetings ({created} new)")


DEMO_MEETINGS = [
    # number, start (Oslo), status, items: (kind, title, presenter, outcome kind, outcome)
    (
        "KI-rådet 1/2025",
        datetime.datetime(2025, 2, 12, 10, 0, tzinfo=OSLO),
        Meeting.Status.MINUTES_APPROVED,
        [
            (
                "orientering",
                "Status for prosjektet «Rammer og retning for KI»",
                "HDIR",
                "conclusion",
                "Rådet tok orienteringen til etterretning.",
            ),
            (
                "rad",
                "Prioritering av veiledningstema 2025",
                "DMP",
                "advice",
                "Rådet anbefaler at Helsedirektoratet prioriterer anskaffelse og "
                "klinisk validering som veiledningstema i 2025.",
            ),
        ],
    ),
    (
        "KI-rådet 2/2025",
        datetime.datetime(2025, 4, 23, 10, 0, tzinfo=OSLO),
        Meeting.Status.MINUTES_APPROVED,
        [
            (
                "drofting",
                "Saker meldt fra kompetansenettverket KIN",
                "KIN",
                "conclusion",
                "Sekretariatet følger opp sakene om skytjenester og testing.",
            ),
            (
                "rad",
                "Innspill til informasjonssiden",
                "HDIR",
                "advice",
                "Rådet anbefaler en egen side om bruk av KI i journalføring.",
            ),
        ],
    ),
    (
        "KI-rådet 3/2025",
        datetime.datetime(2025, 9, 10, 10, 0, tzinfo=OSLO),
        Meeting.Status.HELD,
        [
            (
                "orientering",
                "Erfaringer fra tverretatlig veiledning",
                "DMP",
                "conclusion",
                "Rådet ber om en oppsummering til neste møte.",
            ),
        ],
    ),
    (
        "KI-rådet 4/2025",
        datetime.datetime(2025, 11, 26, 10, 0, tzinfo=OSLO),
        Meeting.Status.AGENDA_PUBLISHED,
        [
            ("drofting", "Evaluering av rådets mandat", "HDIR", "", ""),
        ],
    ),
]


@transaction.atomic
def load_demo(*, data_dir: Path, log: Callable[[str], None]) -> None:
    body = Body.objects.filter(key="ki-radet").first()
    if body is None:
        log("meetings demo: body 'ki-radet' missing, skipped")
        return
    agencies = {a.code: a for a in Agency.objects.filter(code__in=["HDIR", "DMP", "KIN", "FHI"])}
    previous = None
    for number, start, status, items in DEMO_MEETINGS:
        meeting, _ = Meeting.objects.update_or_create(
            body=body,
            number=number,
            defaults={
                "title": f"{number} (demo)",
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=3),
                "place": "Helsedirektoratet, Oslo / Teams",
                "status": status,
                "minutes": "Demoreferat (fiktivt innhold)."
                if status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
                else "",
                "source": "demo",
            },
        )
        order = 1
        if previous is not None:
            AgendaItem.objects.update_or_create(
                meeting=meeting,
                order=order,
                defaults={
                    "kind": AgendaItem.Kind.INFORMATION,
                    "title": f"Godkjenning av referat fra møte {previous.number}",
                    "approves_minutes_of": previous,
                },
            )
            order += 1
        for kind, title, presenter, outcome_kind, outcome in items:
            item, _ = AgendaItem.objects.update_or_create(
                meeting=meeting,
                order=order,
                defaults={
                    "kind": kind,
                    "title": title,
                    "presenter_agency": agencies.get(presenter),
                    "outcome_kind": outcome_kind,
                    "outcome": outcome,
                },
            )
            order += 1
            if outcome_kind == "advice" and presenter in agencies:
                ActionItem.objects.update_or_create(
                    meeting=meeting,
                    agenda_item=item,
                    title=f"Følge opp: {title}",
                    defaults={
                        "owner_agency": agencies[presenter],
                        "due_date": (start + datetime.timedelta(days=60)).date(),
                        "status": ActionItem.Status.DONE
                        if status == Meeting.Status.MINUTES_APPROVED
                        and number.startswith("KI-rådet 1/")
                        else ActionItem.Status.OPEN,
                    },
                )
        if status in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED):
            for agency in agencies.values():
                Attendance.objects.update_or_create(
                    meeting=meeting, agency=agency, defaults={"status": Attendance.Status.PRESENT}
                )
        previous = meeting
    log(f"meetings demo: {len(DEMO_MEETINGS)} KI-rådet meetings (demo)")
