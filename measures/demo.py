"""The measures' demo data: reporting rounds around the day of loading and fictional status
updates (marked «[Demo]»), each dated in the past with its history. Registered through
measures.seed.load_demo; the real data (measures.seed) leave every measure «not started».
"""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from kiraad import reasons as kiraad_reasons
from kiraad.backdate import loader_clock
from kiraad.models import Agency, User
from measures.models import Health, Measure, Plan, ReportingRound, Status
from measures.seed import Log, _upsert
from measures.services import StatusData, measure_import_status

DEMO_REASON = kiraad_reasons.DEMO_DATA()
DEMO_MARK = "[Demo] "

DEMO_UPDATES = [
    (Status.IN_PROGRESS, 10, Health.ON_TRACK, "Arbeidet er startet; prosjektgruppe etablert."),
    (Status.IN_PROGRESS, 35, Health.AT_RISK, "Første utkast levert; kapasiteten er presset."),
    (Status.IN_PROGRESS, 60, Health.ON_TRACK, "Innspillsrunde med etatene gjennomført."),
    (Status.IN_PROGRESS, 40, Health.OFF_TRACK, "Forsinket i påvente av avklaring om ansvar."),
    (Status.PAUSED, 20, Health.AT_RISK, "Satt på vent til ny organisering er på plass."),
    (Status.COMPLETED, 100, Health.ON_TRACK, "Levert og forankret i styringsgruppen."),
]


# Two rounds per plan around the day of loading: the previous one, closed, and an open one
# whose deadline is ahead. (name, opens, due) in days from that day.
DEMO_ROUNDS = (
    ("Rapporteringsrunde (demo), forrige", -110, -80),
    ("Rapporteringsrunde (demo)", -21, 14),
)


def _rep_username(code: str) -> str:
    return "rep-" + code.lower().replace("ø", "o").replace("å", "a").replace("æ", "ae")


@transaction.atomic
def load_demo(*, data_dir: Path, log: Log) -> None:
    """Reporting rounds around the day of loading and fictional status updates (marked
    «[Demo]») on the measures nobody has reported on, each dated in the past with its history.

    Half of the lead agencies (every other, by code) have reported in the open round; the
    others last reported before it opened, or never. A measure with an update is left alone and
    a round that exists keeps its dates, so a later load changes nothing; a round that is absent
    is anchored to the day it is loaded.
    """
    today = timezone.localdate()
    now = timezone.now()
    for plan in Plan.objects.all():
        for name, opens, due in DEMO_ROUNDS:
            if ReportingRound.objects.filter(plan=plan, name=name).exists():
                continue
            opens_on = today + datetime.timedelta(days=opens)
            with loader_clock(opens_on - datetime.timedelta(days=7)):
                _upsert(
                    ReportingRound,
                    {"plan": plan, "name": name},
                    {"opens_on": opens_on, "due_on": today + datetime.timedelta(days=due)},
                    DEMO_REASON,
                )
    users = {u.username: u for u in User.objects.filter(username__startswith="rep-")}
    fallback = User.objects.filter(username="sekretariat").first()
    measures = list(
        Measure.objects.prefetch_related("owners__agency").order_by("plan__key", "order")
    )
    # Decided over every measure, so that a later load picks the same agencies.
    leads = sorted({lead.code for lead in map(_lead, measures) if lead is not None})
    reporting = set(leads[::2])
    posted = 0
    for measure in measures:
        if measure.latest_update_id is not None or measure.status != Status.NOT_STARTED:
            continue
        index = measure.order
        agency = _lead(measure)
        reported = agency is not None and agency.code in reporting
        if not reported and index % 3 == 0:  # never reported on: the dashboard has work to show
            continue
        author = (users.get(_rep_username(agency.code)) if agency else None) or fallback
        steps = DEMO_UPDATES[: 1 + index % len(DEMO_UPDATES)][-2:]
        # The last update falls in the open round for the agencies that reported, before it
        # for the others; the first one months earlier.
        last = now - datetime.timedelta(days=(2 + index % 10) if reported else (40 + index % 20))
        times = [now - datetime.timedelta(days=150 + index), last][-len(steps) :]
        for at, (status, progress, health, text) in zip(times, steps, strict=True):
            with loader_clock(at):
                measure_import_status(
                    measure=measure,
                    author=author,
                    agency=agency,
                    at=at,
                    data=StatusData(
                        status=status,
                        progress=progress,
                        health=health,
                        done=DEMO_MARK + text,
                        next_steps=DEMO_MARK + "Neste steg avklares i koordineringsgruppen.",
                    ),
                )
            posted += 1
    log(f"measures: demo rounds, {posted} demo status updates")


def _lead(measure: Measure) -> Agency | None:
    owners = sorted(measure.owners.all(), key=lambda o: (not o.is_lead, o.agency.code))
    return owners[0].agency if owners else None
