"""The network's demo data: escalations in every state and register entries, recorded as they
happened around the day of loading, each step's history dated when it took effect.

Idempotent by title (escalations) and system (register): a row that exists is left as it is,
with its dates; one that is absent is created relative to the day of loading. The escalations
answered by the council hang on the demo council meetings (kiraad.meetings.seed), which are
loaded first.
"""

import datetime
from collections.abc import Callable
from pathlib import Path
from typing import NotRequired, TypedDict

from django.db import transaction
from django.utils import timezone

from kiraad.backdate import loader_clock
from kiraad.models import AgendaItem, Meeting, User
from kiraad.services import save_with_reason
from network import reasons, selectors, services
from network.models import AIDeployment, Escalation, EscalationCategory, EscalationLevel, Network

DEMO_PREFIX = "[Demo] "
DEMO_RESPONSE = "Fiktivt råd fra KI-rådet (demo). Rådet er ikke normerende."


class DemoEscalation(TypedDict):
    title: str
    description: str
    scores: tuple[int, int, int]  # severity, resources, benefit
    status: str
    category: str
    raised: NotRequired[int]  # days from today, for those not tied to a held meeting
    meeting: NotRequired[int]  # which of the last three held meetings answered it


DEMO_ESCALATIONS: list[DemoEscalation] = [
    {
        "title": "Uklart om beslutningsstøtte for triage er medisinsk utstyr",
        "description": (
            "Fiktivt eksempel: Et helseforetak vil ta i bruk en KI-modell som prioriterer "
            "henvisninger. Det er uklart om løsningen er medisinsk utstyr og hvilken risikoklasse "
            "den i så fall har."
        ),
        "scores": (4, 2, 4),
        "status": "awaiting_council",
        "raised": -40,
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
        "raised": -6,
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
        "meeting": 1,
        "category": "offentlig-sky",
    },
    {
        "title": "Krav til logging når KI-modeller oppdateres i drift",
        "description": (
            "Fiktivt eksempel: Nettverket vil skrive fram et felles forslag før saken meldes."
        ),
        "scores": (2, 2, 3),
        "status": "draft",
        "raised": -3,
        "category": "uklarheter-innforing",
    },
    {
        "title": "Tilgang til treningsdata fra helseregistrene",
        "description": (
            "Fiktivt eksempel: Flere miljøer venter lenge på tilgang til registerdata for å "
            "trene og validere modeller."
        ),
        "scores": (4, 4, 3),
        "status": "on_agenda",
        "raised": -50,
        "category": "nasjonal-infrastruktur",
    },
    {
        "title": "Ansvar når en KI-modell gir feil anbefaling",
        "description": (
            "Fiktivt eksempel: Hvem har ansvaret når helsepersonell følger en anbefaling fra "
            "en KI-modell som viser seg å være feil?"
        ),
        "scores": (5, 2, 3),
        "status": "answered",
        "meeting": 2,
        "category": "uklarheter-innforing",
    },
    {
        "title": "Felles mal for lokal validering",
        "description": "Fiktivt eksempel: Nettverket ba om en felles mal for lokal validering.",
        "scores": (2, 3, 4),
        "status": "closed",
        "meeting": 0,
        "category": "nasjonal-infrastruktur",
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


@transaction.atomic
def load_demo(*, data_dir: Path, log: Callable[[str], None]) -> None:
    coordinator = User.objects.filter(username="kin").first()
    secretariat = User.objects.filter(username="sekretariat").first()
    network = Network.objects.filter(code="KIN").first()
    categories = {c.key: c for c in EscalationCategory.objects.exclude(kind="report")}
    fallback = next(iter(categories.values()), None)
    if coordinator is None or secretariat is None or network is None or fallback is None:
        log("network: demo skipped (needs the demo users, the KIN network and categories)")
        return
    level = EscalationLevel.objects.order_by("order").first()
    held = list(
        Meeting.objects.filter(
            body__key="ki-radet",
            starts_at__lt=timezone.now(),
            status__in=(Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED),
        ).order_by("starts_at")
    )[-3:]
    upcoming = selectors.meetings_open_for_agenda().filter(body__key="ki-radet").first()
    now = timezone.now()
    for row in DEMO_ESCALATIONS:
        title = DEMO_PREFIX + row["title"]
        if network.escalations.filter(title=title).exists():
            continue
        meeting = held[row["meeting"]] if "meeting" in row and len(held) == 3 else None
        if "meeting" in row and meeting is None:
            continue
        if meeting is not None:
            raised = meeting.starts_at - datetime.timedelta(days=40)
        else:
            raised = now + datetime.timedelta(days=row["raised"])
        severity, resources, benefit = row["scores"]
        with loader_clock(raised):
            escalation = services.escalation_create(
                network=network,
                raised_by=coordinator,
                data=services.EscalationData(
                    title=title,
                    description=row["description"],
                    category=categories.get(row["category"], fallback),
                    severity=severity,
                    resources=resources,
                    benefit=benefit,
                    target_level=level,
                ),
                submit=row["status"] != "draft",
            )
        if row["status"] in ("draft", "raised"):
            continue
        with loader_clock(raised + datetime.timedelta(days=10)):
            escalation = services.escalation_assess(
                escalation=escalation,
                by=secretariat,
                assessment="Fiktiv felles vurdering (demo).",
                severity=severity,
                resources=resources,
                benefit=benefit,
                target_level=level,
            )
        if row["status"] == "on_agenda" and upcoming is not None:
            with loader_clock(now - datetime.timedelta(days=2)):
                services.escalation_put_on_agenda(
                    escalation=escalation, meeting=upcoming, by=secretariat
                )
        if meeting is not None:
            _answered_at(escalation, meeting, row["status"], secretariat)
    _deployments(log)
    log("network: demo escalations and register entries")


def _answered_at(escalation: Escalation, meeting: Meeting, status: str, by: User) -> None:
    """Put the escalation on a meeting that has since been held and record the council's
    answer there, then send it back or close it, as the row asks."""
    with loader_clock(meeting.starts_at - datetime.timedelta(days=10)):
        # The meeting is held by now, so the service (which takes upcoming meetings only)
        # cannot place it; the agenda item is written as the service writes it.
        last = meeting.agenda_items.order_by("-order").values_list("order", flat=True).first()
        item = AgendaItem(
            meeting=meeting,
            order=(last or 0) + 1,
            kind=AgendaItem.Kind.ADVICE,
            title=escalation.title,
            text=escalation.description,
            presenter_agency=escalation.network.agency,
            outcome_kind=AgendaItem.OutcomeKind.ADVICE,
            outcome=DEMO_RESPONSE,
        )
        save_with_reason(item, by=by, reason=reasons.AGENDA_ITEM_FROM_ESCALATION())
        escalation.status = Escalation.Status.ON_AGENDA
        escalation.agenda_item = item
        save_with_reason(escalation, by=by, reason=reasons.PUT_ON_AGENDA())
    with loader_clock(meeting.starts_at + datetime.timedelta(hours=3)):
        services.escalation_record_response(
            escalation=escalation,
            by=by,
            data=services.ResponseData(
                council_response=DEMO_RESPONSE, answer_normative=False, responsible_agency=None
            ),
        )
    if status in ("sent_back", "closed"):
        with loader_clock(meeting.starts_at + datetime.timedelta(days=5)):
            services.escalation_send_back(escalation=escalation, by=by)
    if status == "closed":
        with loader_clock(meeting.starts_at + datetime.timedelta(days=30)):
            services.escalation_close(
                escalation=escalation, by=by, reason="Nettverket har tatt malen i bruk (demo)."
            )


def _deployments(log: Callable[[str], None]) -> None:
    """Register entries reported one after another over the last half year."""
    reporters = {
        u.agency.code: u
        for u in User.objects.select_related("agency").filter(username__in=["rep-hso", "rep-hn"])
        if u.agency
    }
    coordinator = User.objects.get(username="kin")
    secretariat = User.objects.filter(username="sekretariat").first()
    created: dict[str, AIDeployment] = {}
    now = timezone.now()
    for index, row in enumerate(DEMO_DEPLOYMENTS):
        existing = AIDeployment.objects.filter(system=row["system"]).first()
        if existing:
            created[row["system"]] = existing
            continue
        reporter = reporters.get(row["agency"], coordinator)
        with loader_clock(now - datetime.timedelta(days=180 - 30 * index)):
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
            # Reviewed by someone other than the reporter, so the public register shows it.
            reviewer = coordinator if reporter != coordinator else secretariat
            if reviewer is not None:
                services.deployment_publish(deployment=created[row["system"]], by=reviewer)
