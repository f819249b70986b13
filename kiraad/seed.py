"""Loads the council core's real data (fixtures/seed/); the demo users are in kiraad.demo.

The loader is idempotent: rows are matched on their natural keys (agency code, commission
reference, body and mandate keys) and updated in place, so running it twice changes nothing.
Changes are saved through `save_with_reason`, so the history says the seed loader made them.
"""

import datetime
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from django.db import models, transaction

from kiraad import reasons
from kiraad.models import (
    Agency,
    Body,
    Commission,
    Mandate,
    Membership,
    Source,
)
from kiraad.services import save_with_reason

SEED_REASON = reasons.SEED_DATA()

type Log = Callable[[str], None]


def read_json(data_dir: Path, name: str) -> list | dict:
    with (Path(data_dir) / name).open(encoding="utf-8") as handle:
        return json.load(handle)


def parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def upsert[M: models.Model](
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    *,
    reason: str,
    known: dict[tuple, M] | None = None,
) -> M:
    """Create or update one row, saving (and so recording history) only when something changed.

    With `known` (`rows_by(model, *lookup)`: the rows read beforehand), the row is found there
    instead of by a query of its own, and a row created here is added to it."""
    if known is None:
        obj = model._default_manager.filter(**lookup).first()
    else:
        obj = known.get(_key(lookup))
    if obj is None:
        obj = model(**lookup, **values)
        save_with_reason(obj, by=None, reason=reason)
        if known is not None:
            known[_key(lookup)] = obj
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        save_with_reason(obj, by=None, reason=reason)
    return obj


def rows_by[M: models.Model](model: type[M], *fields: str) -> dict[tuple, M]:
    """Every row of `model` by the values of `fields` (a related row by its key): one query
    for a whole seed file, for `upsert(..., known=…)` with a lookup on the same fields."""
    attnames = [cast(models.Field, model._meta.get_field(name)).attname for name in fields]
    return {
        tuple(getattr(obj, attname) for attname in attnames): obj
        for obj in model._default_manager.all()
    }


def _key(lookup: dict[str, Any]) -> tuple:
    return tuple(
        value.pk if isinstance(value, models.Model) else value for value in lookup.values()
    )


def update_or_create_known[M: models.Model](
    known: dict[Any, M], key: Any, model: type[M], lookup: dict[str, Any], values: dict[str, Any]
) -> M:
    """`model.objects.update_or_create(**lookup, defaults=values)` for rows read beforehand:
    `known` holds the rows that exist, by `key` (one query for a whole file instead of a
    locking read per row). A plain save, as update_or_create, but only when a value differs,
    so a second load writes no history."""
    obj = known.get(key)
    if obj is None:
        obj = model(**{**lookup, **values})
        obj.save(force_insert=True)
        known[key] = obj
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


@transaction.atomic
def load_seed(*, data_dir: Path, log: Log) -> None:
    _load_sources(data_dir, log)
    cited = CitedSources(data_dir)
    agencies = _load_agencies(data_dir, cited, log)
    _load_commissions(data_dir, agencies, log)
    _load_bodies(data_dir, agencies, cited, log)


# The fixtures name the seed documents they come from by number ("000" … "004", see
# fixtures/README.md); sources.json says which Source each number is.
SEED_NUMBER = re.compile(r"\b\d{3}\b")


def _load_sources(data_dir: Path, log: Log) -> None:
    if not (Path(data_dir) / "sources.json").exists():
        return
    rows = read_json(data_dir, "sources.json")
    known = rows_by(Source, "key")
    for row in rows:
        upsert(
            Source,
            {"key": row["key"]},
            {
                "title": row["title"],
                "date": parse_date(row.get("date")),
                "date_precision": row.get("date_precision") or "day",
                "sender": row.get("sender") or "",
                "kind": row["kind"],
            },
            reason=SEED_REASON,
            known=known,
        )
    log(f"sources: {len(rows)}")


class CitedSources:
    """The Source records behind a fixture's `source` ("001", "003, 004 Vedlegg 1", …): the
    seed numbers are read from sources.json once and the records once, on first use (after
    the sources are loaded), instead of once per row."""

    def __init__(self, data_dir: Path) -> None:
        path = Path(data_dir) / "sources.json"
        # A partial data set (tests) has no sources.json: nothing is cited.
        self._keys = (
            {row["seed"]: row["key"] for row in read_json(data_dir, "sources.json")}
            if path.exists()
            else {}
        )
        self._sources: dict[str, Source] | None = None

    def __call__(self, numbers: str) -> list[Source]:
        wanted = [self._keys[n] for n in SEED_NUMBER.findall(numbers or "") if n in self._keys]
        if not wanted:
            return []
        if self._sources is None:
            self._sources = {source.key: source for source in Source.objects.all()}
        return [self._sources[key] for key in dict.fromkeys(wanted) if key in self._sources]


def _load_agencies(data_dir: Path, cited: CitedSources, log: Log) -> dict[str, Agency]:
    rows = read_json(data_dir, "agencies.json")
    agencies: dict[str, Agency] = {}
    known = rows_by(Agency, "code")
    # Successors are set in a second pass, because a successor may come later in the file.
    for row in rows:
        agencies[row["code"]] = upsert(
            Agency,
            {"code": row["code"]},
            {
                "name": row["name"],
                "short_name": row.get("short_name") or "",
                "aliases": row.get("aliases") or [],
                "kind": row["kind"],
                "side": row.get("side") or "",
                # `note` and `change_note` in the fixtures are for maintainers (English, with
                # seed numbers); only `remark` / `change_remark` are written for readers.
                "change_note": row.get("change_remark") or "",
                "note": row.get("remark") or "",
                "source": row.get("source") or "",
            },
            reason=SEED_REASON,
            known=known,
        )
        agencies[row["code"]].sources.set(cited(row.get("source") or ""))
    for row in rows:
        if row.get("successor"):
            upsert(
                Agency,
                {"code": row["code"]},
                {
                    "successor": agencies[row["successor"]],
                    "dissolved_on": parse_date(row.get("dissolved_on")),
                    "change_kind": row.get("change_kind") or "",
                },
                reason=SEED_REASON,
                known=known,
            )
    log(f"agencies: {len(rows)}")
    return agencies


def _load_commissions(data_dir: Path, agencies: dict[str, Agency], log: Log) -> None:
    rows = read_json(data_dir, "commissions.json")
    known = rows_by(Commission, "reference")
    for row in rows:
        upsert(
            Commission,
            {"reference": row["reference"]},
            {
                "reference_given": row.get("reference_given", True),
                "year": row["year"],
                "agency": agencies[row["agency"]],
                "hod_department": row.get("hod_department") or "",
                "title": row["title"],
                "text": row.get("text") or "",
                "deadline": parse_date(row.get("deadline")),
                "deadline_precision": row.get("deadline_precision") or "day",
                "source": row.get("source") or "",
            },
            reason=SEED_REASON,
            known=known,
        )
    log(f"commissions: {len(rows)}")


def _load_bodies(
    data_dir: Path, agencies: dict[str, Agency], cited: CitedSources, log: Log
) -> None:
    rows = read_json(data_dir, "bodies.json")
    bodies: dict[str, Body] = {}
    known = rows_by(Body, "key")
    known_mandates = rows_by(Mandate, "key")
    known_memberships = rows_by(Membership, "mandate", "agency")
    for row in rows:
        bodies[row["key"]] = upsert(
            Body,
            {"key": row["key"]},
            {
                "name": row["name"],
                "short_name": row.get("short_name") or "",
                "kind": row["kind"],
                "decides": bool(row.get("decides")),
                "active_from": parse_date(row.get("active_from")),
                "active_from_precision": row.get("active_from_precision") or "day",
                "active_to": parse_date(row.get("active_to")),
                "description": row.get("description") or "",
                "lead_agency": agencies.get(row.get("lead_agency") or ""),
                "source": row.get("source") or "",
            },
            reason=SEED_REASON,
            known=known,
        )
        bodies[row["key"]].sources.set(cited(row.get("source") or ""))
    mandates = memberships = 0
    for row in rows:
        body = bodies[row["key"]]
        if row.get("parent"):
            upsert(
                Body,
                {"key": row["key"]},
                {"parent": bodies[row["parent"]]},
                reason=SEED_REASON,
                known=known,
            )
        body_mandates = []
        for item in row.get("mandates") or []:
            body_mandates.append(_load_mandate(body, item, agencies, known_mandates))
            mandates += 1
        if row.get("memberships"):
            if not body_mandates:
                # Memberships hang on a mandate: a body without one gets a composition record.
                body_mandates.append(
                    upsert(
                        Mandate,
                        {"key": f"{row['key']}-sammensetning"},
                        {"body": body, "title": f"{row['name']}: sammensetning", "source": ""},
                        reason=SEED_REASON,
                        known=known_mandates,
                    )
                )
            for item in row["memberships"]:
                _load_membership(body_mandates[0], item, agencies, known_memberships)
                memberships += 1
    log(f"bodies: {len(rows)}, mandates: {mandates}, memberships: {memberships}")


def _load_mandate(
    body: Body, item: dict, agencies: dict[str, Agency], known: dict[tuple, Mandate]
) -> Mandate:
    return upsert(
        Mandate,
        {"key": item["key"]},
        {
            "body": body,
            "title": item["title"],
            "status": item.get("status") or Mandate.Status.ADOPTED,
            "basis": item.get("basis") or "",
            "purpose": item.get("purpose") or "",
            "tasks": item.get("tasks") or "",
            "composition": item.get("composition") or "",
            "term_start": parse_date(item.get("term_start")),
            "term_start_precision": item.get("term_start_precision") or "day",
            "term_end": parse_date(item.get("term_end")),
            "evaluation_due": parse_date(item.get("evaluation_due")),
            "meetings_per_half_year_min": item.get("meetings_per_half_year_min"),
            "meetings_per_half_year_max": item.get("meetings_per_half_year_max"),
            "lead_agency": agencies.get(item.get("lead_agency") or ""),
            "source": item.get("source") or "",
        },
        reason=SEED_REASON,
        known=known,
    )


def _load_membership(
    mandate: Mandate, item: dict, agencies: dict[str, Agency], known: dict[tuple, Membership]
) -> Membership:
    return upsert(
        Membership,
        {"mandate": mandate, "agency": agencies[item["agency"]]},
        {
            "role": item["role"],
            "start": parse_date(item.get("start")),
            "start_precision": item.get("start_precision") or "day",
            "end": parse_date(item.get("end")),
            "note": item.get("remark") or "",
            "source": item.get("source") or "",
        },
        reason=SEED_REASON,
        known=known,
    )
