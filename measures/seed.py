"""Seed loader for plans and measures (idempotent: natural keys, no duplicates); the demo
data are in measures/demo.py.

`plans.json` (in data_dir, the repo's fixtures/seed) is either a list of plans or
`{"plans": [...], "measures": [...]}`. A plan: key, title, short_name, year, description,
source, commissions (references), measures (nested, or top-level with a `plan` key). A measure:
number (or id), order, priority, area, kind, title, description, source_text, owners (codes, or
objects {agency|code, lead}), lead (code), merged_into (number, or {"measure": n} /
{"external": text}), merged_into_external, indicative_deadline, due_date, commissions,
milestones [{title, due_date, indicative_deadline, responsible}].

The real data leave every measure «not started / unknown» (folds «merged»); status updates
belong to the demo set only.
"""

import contextlib
import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import models, transaction

from kiraad import reasons as kiraad_reasons
from kiraad.backdate import history_dated
from kiraad.models import Agency, Commission
from kiraad.seed import CitedSources
from kiraad.services import save_with_reason
from measures import reasons
from measures.models import (
    Health,
    Measure,
    Milestone,
    Plan,
    Status,
)
from measures.services import (
    OwnerData,
    measure_set_owners,
)
from measures.services.succession import measures_move_to_successor

SEED_REASON = kiraad_reasons.SEED_DATA()

type Log = Callable[[str], None]


def _upsert[M: models.Model](
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    reason: str,
    *,
    since: datetime.date | None = None,
    known: dict[Any, M] | None = None,
    key: Any = None,
) -> tuple[M, bool]:
    """Create or update by natural key, saving (and writing history) only when something
    changed, so a second run leaves no trace. A row created here is recorded as existing
    `since` that day, when given (a plan's measures exist from the plan's date). With `known`
    (the rows that exist, read beforehand), the row is looked up there by `key`."""
    found = model._default_manager.filter(**lookup).first() if known is None else known.get(key)
    created = found is None
    obj = model(**lookup) if found is None else found
    changed = created
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        with history_dated(since) if created and since else contextlib.nullcontext():
            save_with_reason(obj, by=None, reason=reason)
    if known is not None:
        known[key] = obj
    return obj, created


def _plan_date(entry: dict) -> datetime.date | None:
    """The day a plan's records exist from: the day it was sent to the ministry, or else the
    first day of its year (the precision the seed gives)."""
    sent = _date(entry.get("sent_to_hod_on"))
    if sent is not None:
        return sent
    return datetime.date(entry["year"], 1, 1) if entry.get("year") else None


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _first(data: dict, *names, default=None):
    for name in names:
        if name in data and data[name] is not None:
            return data[name]
    return default


KIND_ALIASES = {"measure": "tiltak", "study": "utredning", "recommendation": "anbefaling"}


def _from_fixture_records(records: list[dict]) -> dict:
    """Django-fixture-like records ({"model": "measures.plan", "fields": {...}}) → our shape."""
    plans, measures, milestones = [], [], []
    for record in records:
        model = record["model"].lower()
        fields = {**record.get("fields", {})}
        if model.endswith(".plan"):
            fields.setdefault("key", record.get("pk"))
            plans.append(fields)
        elif model.endswith(".measure"):
            fields.setdefault("number", record.get("pk"))
            measures.append(fields)
        elif model.endswith(".milestone"):
            milestones.append(fields)
    by_number = {_first(m, "number", "id"): m for m in measures}
    for milestone in milestones:
        target = by_number.get(milestone.get("measure"))
        if target is not None:
            target.setdefault("milestones", []).append(milestone)
    return {"plans": plans, "measures": measures}


def _normalise(raw) -> tuple[list[dict], list[dict]]:
    if isinstance(raw, list) and raw and "model" in raw[0]:
        raw = _from_fixture_records(raw)
    plans = raw if isinstance(raw, list) else raw.get("plans", [])
    measures = [] if isinstance(raw, list) else list(raw.get("measures", []))
    for plan in plans:
        for measure in plan.get("measures", []):
            measures.append({**measure, "plan": plan["key"]})
    for measure in measures:
        kind = str(measure.get("kind", "")).lower()
        measure["kind"] = KIND_ALIASES.get(kind, kind)
        measure["milestones"] = _first(
            measure, "milestones", "timeline", "sub_actions", "actions", default=[]
        )
        for milestone in measure["milestones"]:
            milestone.setdefault("title", _first(milestone, "action", "text", default=""))
            milestone.setdefault(
                "indicative_deadline", _first(milestone, "condition", "window", default="")
            )
    return plans, measures


def _owners(entry: dict) -> list[tuple[str, bool]]:
    lead = entry.get("lead")
    owners = []
    raw_owners = entry.get("owners", [])
    if isinstance(raw_owners, str):
        raw_owners = [code.strip() for code in raw_owners.split(",") if code.strip()]
    for owner in raw_owners:
        if isinstance(owner, str):
            owners.append((owner, owner == lead))
        else:
            code = _first(owner, "agency", "code")
            owners.append((code, bool(_first(owner, "lead", "is_lead", default=False))))
    if len(owners) == 1 and lead is None:  # a sole owner leads
        owners = [(owners[0][0], True)]
    return owners


def _merge_target(entry: dict) -> tuple[str | None, str]:
    target = _first(entry, "merged_into", "folded_into")
    external = _first(entry, "merged_into_external", default="")
    if isinstance(target, dict):
        external = target.get("external", "") or external
        target = target.get("measure")
    return target, external


@transaction.atomic
def load_seed(*, data_dir: Path, log: Log) -> None:
    path = Path(data_dir) / "plans.json"
    if not path.exists():
        log(f"measures: {path} not found, skipped")
        return
    plans, measures = _normalise(json.loads(path.read_text(encoding="utf-8")))
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    commissions = {c.reference: c for c in Commission.objects.all()}
    cited = CitedSources(data_dir)

    def commission_list(refs: list[str]) -> list[Commission]:
        found = [commissions[r] for r in refs if r in commissions]
        for ref in refs:
            if ref not in commissions:
                log(f"measures: commission {ref!r} not found, not linked")
        return found

    plan_objs: dict[str, Plan] = {}
    plan_dates: dict[str, datetime.date | None] = {}
    for entry in plans:
        plan, _created = _upsert(
            Plan,
            {"key": entry["key"]},
            {
                "title": entry["title"],
                "short_name": _first(entry, "short_name", "short_title", default=""),
                "year": entry.get("year"),
                "description": entry.get("description", ""),
                "source": entry.get("source", ""),
            },
            SEED_REASON,
            since=_plan_date(entry),
        )
        plan_dates[plan.key] = _plan_date(entry)
        plan.commissions.set(commission_list(entry.get("commissions", [])))
        plan.sources.set(cited(entry.get("source", "")))
        plan_objs[plan.key] = plan

    known_measures = {(m.plan_id, m.number): m for m in Measure.objects.all()}
    known_milestones = {(m.measure_id, m.title): m for m in Milestone.objects.all()}
    measure_objs: dict[tuple[str, str], Measure] = {}
    new_numbers: set[tuple[str, str]] = set()
    newly_owned: list[Measure] = []
    for index, entry in enumerate(measures):
        plan = plan_objs[entry["plan"]]
        number = _first(entry, "number", "id")
        target, external = _merge_target(entry)
        values = {
            "order": entry.get("order", index + 1),
            "priority": _first(entry, "priority", "pri"),
            "area": _first(entry, "area", "omrade", default=""),
            "kind": entry["kind"],
            "title": entry["title"],
            "description": entry.get("description", ""),
            "source_text": entry.get("source_text", ""),
            "indicative_deadline": entry.get("indicative_deadline") or "",
            "responsible_text": entry.get("responsible_text") or "",
            "outcome_note": entry.get("outcome_note") or "",
            # `note` is for maintainers (English, seed numbers); `remark` is for readers.
            "note": entry.get("remark") or "",
            "note_language": "nb",
            "due_date": _date(entry.get("due_date")),
            "merged_into_external": external if not target else "",
            "source": entry.get("source", plan.source),
        }
        existing = known_measures.get((plan.pk, number))
        if existing is None or existing.latest_update_id is None:
            # The seeds give no status: «not started / unknown», or «merged» for a fold.
            values["status"] = Status.MERGED if (target or external) else Status.NOT_STARTED
            values["progress"], values["health"] = 0, Health.UNKNOWN
        since = plan_dates[plan.key]
        measure, created = _upsert(
            Measure,
            {"plan": plan, "number": number},
            values,
            SEED_REASON,
            since=since,
            known=known_measures,
            key=(plan.pk, number),
        )
        measure_objs[(plan.key, number)] = measure
        if created:
            new_numbers.add((plan.key, number))
        measure.commissions.set(commission_list(entry.get("commissions", [])))
        measure.sources.set(cited(entry.get("source", plan.source)))
        for order, ms in enumerate(entry.get("milestones", []), start=1):
            _upsert(
                Milestone,
                {"measure": measure, "title": ms["title"]},
                {
                    "order": ms.get("order", order),
                    "due_date": _date(ms.get("due_date")),
                    "indicative_deadline": ms.get("indicative_deadline") or "",
                    "responsible": _first(ms, "responsible", "responsible_text", default=""),
                    "kind": ms.get("kind") or Milestone.Kind.DATE,
                },
                SEED_REASON,
                since=since,
                known=known_milestones,
                key=(measure.pk, ms["title"]),
            )
        # Owners are seeded once; afterwards the secretariat owns the list.
        if not measure.owners.exists():
            codes = _owners(entry)
            missing = [code for code, _lead in codes if code not in agencies]
            if missing:
                log(f"measures: {number}: unknown owner agencies {missing}, skipped")
            owners = [(agencies[c], lead) for c, lead in codes if c in agencies]
            if owners:
                lead = next((a for a, is_lead in owners if is_lead), None)
                with history_dated(since) if created and since else contextlib.nullcontext():
                    measure_set_owners(
                        measure=measure,
                        owners=OwnerData(lead=lead, co_owners=[a for a, _lead in owners]),
                        by=None,
                        reason=SEED_REASON,
                    )
                newly_owned.append(measure)

    # Folds («legges inn under»), once every measure exists.
    for entry in measures:
        plan_key = entry["plan"]
        measure = measure_objs[(plan_key, _first(entry, "number", "id"))]
        target, _external = _merge_target(entry)
        into = measure_objs.get((plan_key, target)) if target else None
        if target and into is None:
            log(f"measures: fold target {target!r} not found")
        since = plan_dates[plan_key] if (plan_key, measure.number) in new_numbers else None
        with history_dated(since) if since else contextlib.nullcontext():
            _upsert(Measure, {"pk": measure.pk}, {"merged_into": into}, SEED_REASON)

    # Owners that have since been dissolved hand their measures to their successors.
    if newly_owned:
        for agency in Agency.objects.filter(successor__isnull=False, owned_measures__isnull=False):
            successor = agency.successor
            while successor is not None and successor.successor is not None:
                successor = successor.successor
            if successor is None:
                continue  # the query asked for agencies with a successor
            on = agency.dissolved_on
            with history_dated(on) if on else contextlib.nullcontext():
                moved = measures_move_to_successor(
                    agency=agency,
                    successor=successor,
                    on=on,
                    by=None,
                    reason=reasons.AGENCY_SUCCEEDED(agency=agency.code, successor=successor.code),
                )
            if moved:
                log(f"measures: {moved} measures moved from {agency.code} to {successor.code}")
    log(f"measures: {len(plan_objs)} plans, {len(measure_objs)} measures loaded")


def load_demo(*, data_dir: Path, log: Log) -> None:
    """The measures' demo data (measures/demo.py)."""
    from measures import demo

    demo.load_demo(data_dir=data_dir, log=log)
