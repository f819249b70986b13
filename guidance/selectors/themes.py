"""Reads across the guidance work: the themes page (requests, meetings and gaps by regulatory
area and phase) and the report's figures for a period, read from history."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from guidance.models import Gap, GuidanceMeeting, GuidanceRequest, Phase, RegulatoryArea


@dataclass
class ThemeRow:
    area: RegulatoryArea | None
    phase: str
    phase_label: str
    requests: int
    meetings: int
    gaps: int


def themes(*, since: datetime.date | None = None) -> list[ThemeRow]:
    """Requests, meetings and gaps counted by regulatory area and phase."""
    areas = {a.pk: a for a in RegulatoryArea.objects.all()}
    requests = GuidanceRequest.objects.all()
    meetings = GuidanceMeeting.objects.all()
    if since:
        requests = requests.filter(received_at__date__gte=since)
        meetings = meetings.filter(Q(held_on__gte=since) | Q(held_on__isnull=True))
    counts: dict[tuple[int | None, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in requests.values("areas", "phase").annotate(n=Count("pk", distinct=True)):
        counts[(row["areas"], row["phase"])][0] += row["n"]
    for row in meetings.values("areas", "phase").annotate(n=Count("pk", distinct=True)):
        counts[(row["areas"], row["phase"])][1] += row["n"]
    for gap in Gap.objects.values("area", "phase").annotate(n=Count("pk")):
        counts[(gap["area"], gap["phase"])][2] += gap["n"]
    labels = dict(Phase.choices)
    rows = [
        ThemeRow(
            area=areas.get(area_id) if area_id is not None else None,
            phase=phase,
            phase_label=str(labels.get(phase, "-")),
            requests=n[0],
            meetings=n[1],
            gaps=n[2],
        )
        for (area_id, phase), n in counts.items()
    ]
    return sorted(rows, key=lambda r: (-(r.requests + r.meetings + r.gaps), str(r.area or "")))


@dataclass
class ReportFigures:
    requests: int
    meetings: int
    answered: int
    median_days: float | None
    unclear: list[str]


def report_figures(
    *, as_of: datetime.datetime, period_start: datetime.date, period_end: datetime.date
) -> ReportFigures:
    """What the guidance work amounted to in a period, read from history as of `as_of`."""
    requests = list(GuidanceRequest.history.as_of(as_of))
    in_period = [
        r
        for r in requests
        if period_start <= timezone.localtime(r.received_at).date() <= period_end
    ]
    answered = [
        r
        for r in requests
        if r.answered_at and period_start <= timezone.localtime(r.answered_at).date() <= period_end
    ]
    days = [(r.answered_at - r.received_at).total_seconds() / 86400 for r in answered]
    meetings = [
        m
        for m in GuidanceMeeting.history.as_of(as_of)
        if m.held_on and period_start <= m.held_on <= period_end
    ]
    gaps = [
        g
        for g in Gap.history.as_of(as_of)
        if period_start <= timezone.localtime(g.created_at).date() <= period_end
    ]
    # A request closed with unclear rules also records them as a gap: name each rule once.
    unclear: list[str] = []
    seen: set[str] = set()
    for text in (
        [g.title for g in gaps]
        + [r.unclear_rules for r in in_period]
        + [m.unclear_rules for m in meetings]
    ):
        key = " ".join((text or "").split()).casefold()
        if key and key not in seen:
            seen.add(key)
            unclear.append(text.strip())
    return ReportFigures(
        requests=len(in_period),
        meetings=len(meetings),
        answered=len(answered),
        median_days=round(statistics.median(days), 1) if days else None,
        unclear=unclear,
    )
