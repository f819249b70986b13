"""Seed and demo loaders of the network app (see kiraad's `load_seed_data`).

The seed reads escalation_categories.json and escalation_levels.json from the fixtures and
creates the KIN network row linked to the KIN agency. The JSON may be a list of objects or an
object holding the list under a key; each object has a key (`key`, `code`, `slug` or `id`),
a name (`name`, `name_nb`, `title` or `label`) and optionally `description`, `group`/`kind`,
`order` and `source`.
"""

import json
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from kiraad.models import Agency
from kiraad.seed import update_or_create_known
from network.models import EscalationCategory, EscalationLevel, Network

KIN = {
    "code": "KIN",
    "name": "Kunstig intelligens i norsk helsetjeneste (KIN)",
    "description": (
        "Et nasjonalt fagnettverk for kunstig intelligens i helsetjenesten, skapt av "
        "KI-miljøene i helsetjenesten i fellesskap."
    ),
    "owned_by_note": (
        "Anbefaling 5 (2021): kompetansenettverk bør etableres og eies av de regionale "
        "helseforetakene."
    ),
    "source": "004",
}

SECOND_LINE_WORDS = ("second", "andre", "linje")


def _rows(path: Path, keys: tuple[str, ...]) -> list[dict]:
    payload = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(payload, dict):
        for key in keys:
            if isinstance(payload.get(key), list):
                return payload[key]
        # {"tasks": [...], "second_line": [...]}: the list's key is the rows' group.
        return [
            {"group": group, **row}
            for group, rows in payload.items()
            if isinstance(rows, list)
            for row in rows
            if isinstance(row, dict)
        ]
    return payload


def _first(row: dict, *names: str, default=""):
    for name in names:
        value = row.get(name)
        if isinstance(value, dict):  # {"nb": "...", "en": "..."}
            value = value.get("nb") or next(iter(value.values()), "")
        if value not in (None, ""):
            return value
    return default


def _key(row: dict) -> str:
    return slugify(str(_first(row, "key", "code", "slug", "id", "name", "title")))[:80]


def _group(row: dict) -> str:
    raw = str(_first(row, "group", "category_group")).lower()
    if any(word in raw for word in SECOND_LINE_WORDS):
        return EscalationCategory.Group.SECOND_LINE
    return EscalationCategory.Group.TASK


@transaction.atomic
def load_seed(*, data_dir: Path, log: Callable[[str], None]) -> None:
    """Categories, target levels and the KIN network. Idempotent (update_or_create by key)."""
    path = data_dir / "escalation_categories.json"
    if path.exists():
        categories = {c.key: c for c in EscalationCategory.objects.all()}
        for index, row in enumerate(_rows(path, ("categories", "items", "results"))):
            key = _key(row)
            update_or_create_known(
                categories,
                key,
                EscalationCategory,
                {"key": key},
                {
                    "name": str(_first(row, "name", "name_nb", "title", "label"))[:300],
                    "group": _group(row),
                    "kind": str(_first(row, "kind", "type"))[:32],
                    "description": str(_first(row, "description", "text")),
                    "order": int(_first(row, "order", "number", default=index + 1)),
                    "source": str(_first(row, "source", default="004"))[:100],
                },
            )
        log(f"network: {len(categories)} escalation categories")
    else:
        log(f"network: {path} is missing; no escalation categories loaded")

    path = data_dir / "escalation_levels.json"
    if path.exists():
        levels = {level.key: level for level in EscalationLevel.objects.all()}
        for index, row in enumerate(_rows(path, ("levels", "items", "results"))):
            key = _key(row)
            update_or_create_known(
                levels,
                key,
                EscalationLevel,
                {"key": key},
                {
                    "name": str(_first(row, "name", "name_nb", "title", "label"))[:300],
                    "description": str(_first(row, "description", "what", "text")),
                    "order": int(_first(row, "order", "number", default=index + 1)),
                    "source": str(_first(row, "source", default="004"))[:100],
                },
            )
        log(f"network: {len(levels)} escalation levels")
    else:
        log(f"network: {path} is missing; no escalation levels loaded")

    agency = Agency.objects.filter(code=KIN["code"]).first()
    networks = {
        network.code: network
        for network in Network.objects.select_related("agency").filter(code=KIN["code"])
    }
    update_or_create_known(
        networks, KIN["code"], Network, {"code": KIN["code"]}, {**KIN, "agency": agency}
    )
    log("network: the KIN network")


def load_demo(*, data_dir: Path, log: Callable[[str], None]) -> None:
    """The network's demo data (network/demo.py)."""
    from network import demo

    demo.load_demo(data_dir=data_dir, log=log)
