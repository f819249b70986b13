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
from network.models import AIDeployment, EscalationCategory, EscalationLevel, Network

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
        for index, row in enumerate(_rows(path, ("categories", "items", "results"))):
            EscalationCategory.objects.update_or_create(
                key=_key(row),
                defaults={
                    "name": str(_first(row, "name", "name_nb", "title", "label"))[:300],
                    "group": _group(row),
                    "kind": str(_first(row, "kind", "type"))[:32],
                    "description": str(_first(row, "description", "text", "note")),
                    "order": int(_first(row, "order", "number", default=index + 1)),
                    "source": str(_first(row, "source", default="004"))[:100],
                },
            )
        log(f"network: {EscalationCategory.objects.count()} escalation categories")
    else:
        log(f"network: {path} is missing; no escalation categories loaded")

    path = data_dir / "escalation_levels.json"
    if path.exists():
        for index, row in enumerate(_rows(path, ("levels", "items", "results"))):
            EscalationLevel.objects.update_or_create(
                key=_key(row),
                defaults={
                    "name": str(_first(row, "name", "name_nb", "title", "label"))[:300],
                    "description": str(_first(row, "description", "what", "text", "note")),
                    "order": int(_first(row, "order", "number", default=index + 1)),
                    "source": str(_first(row, "source", default="004"))[:100],
                },
            )
        log(f"network: {EscalationLevel.objects.count()} escalation levels")
    else:
        log(f"network: {path} is missing; no escalation levels loaded")

    agency = Agency.objects.filter(code=KIN["code"]).first()
    Network.objects.update_or_create(code=KIN["code"], defaults={**KIN, "agency": agency})
    log("network: the KIN network")


DEMO_PREFIX = "[Demo] "
DEMO_RESPONSE = "Fiktivt råd fra KI-rådet (demo). Rådet er ikke normerende."

DEMO_ESCALATIONS = [
    {
        "title": "Uklart om beslutningsstøtte for triage er medisinsk utstyr",
        "description": (
            "Fiktivt eksempel: Et helseforetak vil ta i bruk en KI-modell som prioriterer "
            "henvisninger. Det er uklart om løsningen er medisinsk utstyr og hvilken risikoklasse "
            "den i så fall har."
        ),
        "scores": (4, 2, 4),
        "status": "awaiting_council",
        "category": "uklarheter-innforing",
    },
    {
        "title": "Behov for felles nasjonal infrastruktur for validering av modeller",
        "description": (
            "Fiktivt eksempel: Flere helseforetak bygger egne testmiljøer for lokal validering. "
            "Nettverket ber om at behovet for en harmonisert løsning løftes."
        ),
        "scores": (3, 5, 5),
        "status": "raised",
        "category": "nasjonal-infrastruktur",
    },
    {
        "title": "Bruk av offentlig sky til KI-analyse av helseopplysninger",
        "description": (
            "Fiktivt eksempel: Spørsmål om vilkår for å bruke offentlige skytjenester til "
            "KI-analyser av sensitive helseopplysninger."
        ),
        "scores": (5, 3, 4),
        "status": "sent_back",
        "category": "offentlig-sky",
    },
]

DEMO_DEPLOYMENTS = [
    {
        "system": "Demo Platform Radiologi",
        "vendor": "Eksempel AS (fiktiv)",
        "health_trust": "Demo helseforetak Øst",
        "region": "HSØ",
        "clinical_area": "radiology",
        "intended_use": "Plattform som kjører flere KI-modeller for bildediagnostikk (fiktiv).",
        "phase": "in_operation",
        "regulatory_status": "ce_mdr",
        "mdr_risk_class": "IIa",
        "agency": "HSØ",
    },
    {
        "system": "Demo Frakturdeteksjon",
        "vendor": "Eksempel AS (fiktiv)",
        "health_trust": "Demo helseforetak Øst",
        "region": "HSØ",
        "clinical_area": "radiology",
        "intended_use": "Markerer mulige brudd på røntgenbilder (fiktiv).",
        "phase": "implementation_decided",
        "regulatory_status": "ce_mdr",
        "mdr_risk_class": "IIa",
        "agency": "HSØ",
        "parent": "Demo Platform Radiologi",
    },
    {
        "system": "Demo Talegjenkjenning journal",
        "vendor": "Fiktiv Leverandør AS",
        "health_trust": "Demo helseforetak Nord",
        "region": "HN",
        "clinical_area": "administration",
        "intended_use": "Transkriberer konsultasjoner til journalutkast (fiktiv).",
        "phase": "pilot",
        "regulatory_status": "not_device",
        "mdr_risk_class": "n/a",
        "agency": "HN",
    },
]


def load_demo(*, data_dir: Path, log: Callable[[str], None]) -> None:
    """A few clearly fictional escalations and register entries. Idempotent by title/system."""
    from kiraad.models import User
    from network import services

    coordinator = User.objects.filter(username="kin").first()
    secretariat = User.objects.filter(username="sekretariat").first()
    network = Network.objects.filter(code="KIN").first()
    categories = {c.key: c for c in EscalationCategory.objects.exclude(kind="report")}
    fallback = next(iter(categories.values()), None)
    if coordinator is None or network is None or fallback is None:
        log("network: demo skipped (needs the user «kin», the KIN network and categories)")
        return
    level = EscalationLevel.objects.order_by("order").first()
    for row in DEMO_ESCALATIONS:
        category = categories.get(row["category"], fallback)
        title = DEMO_PREFIX + row["title"]
        if network.escalations.filter(title=title).exists():
            continue
        severity, resources, benefit = row["scores"]
        escalation = services.escalation_create(
            network=network,
            raised_by=coordinator,
            data=services.EscalationData(
                title=title,
                description=row["description"],
                category=category,
                severity=severity,
                resources=resources,
                benefit=benefit,
                target_level=level,
            ),
        )
        if row["status"] != "raised" and secretariat is not None:
            escalation = services.escalation_assess(
                escalation=escalation,
                by=secretariat,
                assessment="Fiktiv felles vurdering (demo).",
                severity=severity,
                resources=resources,
                benefit=benefit,
                target_level=level,
            )
        if row["status"] == "sent_back" and secretariat is not None:
            meeting = services.meetings_open_for_agenda().first()
            if meeting is not None:
                services.escalation_put_on_agenda(
                    escalation=escalation, meeting=meeting, by=secretariat
                )
                services.escalation_record_response(
                    escalation=escalation,
                    by=secretariat,
                    data=services.ResponseData(
                        council_response=DEMO_RESPONSE,
                        answer_normative=False,
                        responsible_agency=None,
                    ),
                )
                services.escalation_send_back(escalation=escalation, by=secretariat)
    reporters = {
        u.agency.code: u
        for u in User.objects.select_related("agency").filter(username__in=["rep-hso", "rep-hn"])
        if u.agency
    }
    created = {}
    for row in DEMO_DEPLOYMENTS:
        existing = AIDeployment.objects.filter(system=row["system"]).first()
        if existing:
            created[row["system"]] = existing
            continue
        reporter = reporters.get(row["agency"], coordinator)
        created[row["system"]] = services.deployment_create(
            data=services.DeploymentData(
                system=row["system"],
                vendor=row["vendor"],
                health_trust=row["health_trust"],
                region=row["region"],
                clinical_area=row["clinical_area"],
                intended_use=row["intended_use"],
                intended_use_statement="",
                phase=row["phase"],
                regulatory_status=row["regulatory_status"],
                mdr_risk_class=row["mdr_risk_class"],
                parent=created.get(row.get("parent", "")),
                benefit_notes="Fiktive nyttenotater (demo).",
                cost_notes="Fiktive kostnadsnotater (demo).",
                contact_name="Demo Kontaktperson",
                contact_email="demo@example.org",
                internal_note="",
            ),
            reported_by=reporter,
            reporting_agency=reporter.agency,
        )
    log("network: demo escalations and register entries")
