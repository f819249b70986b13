"""Seed and demo loaders of the guidance app (idempotent; run after the kiraad loader)."""

import datetime
import json
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from guidance.models import (
    AreaResponsibility,
    Article,
    GuidanceRequest,
    Phase,
    RegulatoryArea,
    Topic,
)
from guidance.services.answers import (
    assignment_sign_off,
    guidance_request_close,
    guidance_request_confirm_dmp,
    guidance_request_send_answer,
    guidance_request_write_answer,
)
from guidance.services.assignment import guidance_request_assign, guidance_request_triage
from guidance.services.intake import RequestData, guidance_request_submit
from guidance.services.knowledge_base import ArticleData, article_publish, article_save
from kiraad.backdate import loader_clock
from kiraad.models import Agency, User
from kiraad.seed import update_or_create_known

# Guidance touching these areas needs DMP's confirmation (its supervisory role, seed 004 rec 7).
DMP_CONFIRMATION_AREAS = {"medisinsk-utstyr"}
DEMO_EMAIL_DOMAIN = "demo.invalid"


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


@transaction.atomic
def load_seed(*, data_dir: Path, log: Callable[[str], None]) -> None:
    """Regulatory areas with their responsible agencies and validity periods (seed 004)."""
    areas = json.loads((data_dir / "regulatory_areas.json").read_text(encoding="utf-8"))
    agencies = {a.code: a for a in Agency.objects.all()}
    known_areas = {area.key: area for area in RegulatoryArea.objects.all()}
    known_responsibilities = {
        (r.area_id, r.agency_id, r.valid_from): r for r in AreaResponsibility.objects.all()
    }
    for order, row in enumerate(areas, start=1):
        description = row.get("description", "")
        if row.get("unassigned_reason"):
            description = f"{description}\n\n{row['unassigned_reason']}".strip()
        area = update_or_create_known(
            known_areas,
            row["key"],
            RegulatoryArea,
            {"key": row["key"]},
            {
                "name": row["name"],
                "description": description,
                "order": order * 10,
                "requires_dmp_confirmation": row["key"] in DMP_CONFIRMATION_AREAS,
                "source": row.get("source", ""),
            },
        )
        for resp in row.get("responsibilities", []):
            agency = agencies.get(resp["agency"])
            if agency is None:
                log(f"guidance seed: unknown agency {resp['agency']} for {row['key']}, skipped")
                continue
            valid_from = _date(resp.get("valid_from"))
            update_or_create_known(
                known_responsibilities,
                (area.pk, agency.pk, valid_from),
                AreaResponsibility,
                {"area": area, "agency": agency, "valid_from": valid_from},
                {"valid_to": _date(resp.get("valid_to")), "note": resp.get("remark", "")},
            )
    log(f"guidance: {len(areas)} regulatory areas")
    structure_file = data_dir / "kb_structure.json"
    if structure_file.exists():
        # Phases and topics are choices in code (guidance.models.Phase/Topic); check they match.
        structure = json.loads(structure_file.read_text(encoding="utf-8"))
        if len(structure.get("phases", [])) != len(Phase.choices):
            log("guidance seed: kb_structure phases differ from guidance.models.Phase")
        if len(structure.get("topics", [])) != len(Topic.choices):
            log("guidance seed: kb_structure topics differ from guidance.models.Topic")


def _area(key: str) -> RegulatoryArea | None:
    return RegulatoryArea.objects.filter(key=key).first()


@transaction.atomic
def load_demo(*, data_dir: Path, log: Callable[[str], None]) -> None:
    """A few clearly fictional requests of different ages, each step recorded when it happened
    (its history dated then): one answered, closed and published as an article two months ago,
    one in progress, one past its answer deadline and one just received. A set that exists is
    left as it is (its dates are kept); an absent one is anchored to the day of loading."""
    if GuidanceRequest.objects.filter(requester_email__endswith=DEMO_EMAIL_DOMAIN).exists():
        log("guidance demo: already loaded (its dates are kept)")
        return
    secretariat = User.objects.filter(username="sekretariat").first()
    agencies = {a.code: a for a in Agency.objects.filter(code__in=["HDIR", "DMP", "DATATILSYNET"])}
    if secretariat is None or len(agencies) < 3:
        log("guidance demo: needs the kiraad demo users and agencies; skipped")
        return
    device = _area("medisinsk-utstyr")
    privacy = _area("personvern")
    law = _area("helselovgivningen")
    now = timezone.now()

    def days_ago(days: float):
        return loader_clock(now - datetime.timedelta(days=days))

    def ask(title: str, question: str, phase: str, areas: list, org: str) -> GuidanceRequest:
        data = RequestData(
            kind=GuidanceRequest.Kind.QUESTION,
            requester_name="Demo Demosen",
            requester_email=f"demo.{len(title)}@{DEMO_EMAIL_DOMAIN}",
            organisation=org,
            org_kind=GuidanceRequest.OrgKind.HEALTH_TRUST,
            title=title,
            question=question,
            phase=phase,
            areas=[a for a in areas if a],
            consent=True,
        )
        request, _token = guidance_request_submit(data=data)
        return request

    def accept(request: GuidanceRequest, lead: str, contributor: str, due_in: int) -> None:
        guidance_request_triage(request=request, decision="accept", by=secretariat)
        guidance_request_assign(
            request=request,
            lead=agencies[lead],
            contributors=[agencies[contributor]],
            by=secretariat,
            due_date=timezone.localdate() + datetime.timedelta(days=due_in),
        )

    with days_ago(75):
        answered = ask(
            "Beslutningsstøtte for røntgen: er det medisinsk utstyr?",
            "Vi vil ta i bruk et KI-verktøy som markerer funn på røntgenbilder. "
            "(Fiktivt demoeksempel.)",
            Phase.PROCUREMENT,
            [device, privacy],
            "Helse Demo HF (fiktivt)",
        )
    with days_ago(73):
        accept(answered, "DMP", "DATATILSYNET", 14)
    dmp_rep = User.objects.filter(username="rep-dmp").first() or secretariat
    with days_ago(66):
        guidance_request_write_answer(
            request=answered,
            text="Programvare som gir beslutningsstøtte ved diagnostikk er som regel "
            "medisinsk utstyr.",
            normative=False,
            by=dmp_rep,
        )
        for assignment in answered.assignments.all():
            assignment_sign_off(assignment=assignment, by=dmp_rep)
        guidance_request_confirm_dmp(request=answered, by=dmp_rep)
    with days_ago(64):
        guidance_request_send_answer(request=answered, by=secretariat)
    with days_ago(60):
        guidance_request_close(
            request=answered, by=secretariat, unclear_rules="Klassifisering av KI-programvare"
        )
        if not Article.objects.filter(slug="er-ki-programvare-medisinsk-utstyr").exists():
            _demo_article(answered, agencies["DMP"], device, secretariat)
    with days_ago(26):
        overdue = ask(
            "Skytjenester for analyse av helsedata",
            "Fiktivt demoeksempel om offentlig sky.",
            Phase.DEVELOPMENT,
            [privacy, law],
            "Demo kommune (fiktivt)",
        )
    with days_ago(24):
        accept(overdue, "HDIR", "DATATILSYNET", 21)
    with days_ago(12):
        in_progress = ask(
            "Samtykke til bruk av pasientdata i en KI-pilot",
            "Fiktivt demoeksempel om rettslig grunnlag for en pilot.",
            Phase.TESTING,
            [law, privacy],
            "Helse Demo HF (fiktivt)",
        )
    with days_ago(10):
        accept(in_progress, "HDIR", "DATATILSYNET", 24)
    with days_ago(2):
        ask(
            "Kan vi teste en modell på journaldata før REK-godkjenning?",
            "Fiktivt demoeksempel om testing før godkjenning.",
            Phase.TESTING,
            [law, privacy],
            "Universitetet i Demo (fiktivt)",
        )
    log("guidance demo: 4 requests and 1 article")


def _demo_article(source: GuidanceRequest, agency: Agency, device, by: User) -> None:
    article = article_save(
        data=ArticleData(
            slug="er-ki-programvare-medisinsk-utstyr",
            title="Er KI-programvare medisinsk utstyr?",
            summary="Når KI-programvare regnes som medisinsk utstyr, og hva det betyr.",
            body_markdown=(
                "Programvare som er ment å gi beslutningsstøtte ved diagnostikk eller "
                "behandling, er som regel **medisinsk utstyr** og må være CE-merket."
            ),
            phases=[Phase.PROCUREMENT, Phase.APPROVAL],
            topics=[Topic.CERTIFICATION, Topic.REGULATION],
            areas=[a for a in (device,) if a],
            responsible_agency=agency,
            where_to_turn="Direktoratet for medisinske produkter",
            normative=False,
            review_due=timezone.localdate() + datetime.timedelta(days=365),
            source_request=source,
        ),
        by=by,
    )
    article_publish(article=article, no_personal_data=True, by=by)
