"""The public register in the open API (/api/v1/register/…, kiraad/api.py).

What the public pages show, no more: published entries (a withdrawn one by its id, with the
public reason), their public fields and the public history. The output schemas list every
field explicitly; internal fields (notes, contact, reporter, drafts) have no place in them.
"""

import datetime
from typing import Annotated, Literal

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from pydantic import WithJsonSchema

from kiraad.api import REFUSALS, Pagination, Problem
from network import selectors
from network.models import AIDeployment

router = Router(tags=["register"])

D = AIDeployment
Region = D.Region
ClinicalArea = D.ClinicalArea
# Inline, not a shared component: the knowledge base has a Phase of its own (guidance/api.py).
Phase = Annotated[
    D.Phase, WithJsonSchema({"type": "string", "enum": D.Phase.values, "title": "RegisterPhase"})
]
RegulatoryStatus = D.RegulatoryStatus
RiskClass = D.RiskClass


class EntryRef(Schema):
    id: int
    system: str


def _label(model_field: str, value: str) -> str:
    choices = dict(selectors.register_column(model_field).flatchoices)
    return str(choices.get(value, value)) if value else ""


class RegisterEntry(Schema):
    """An AI system in patient care, as the public register shows it."""

    id: int
    url: str = Field(description="The entry's page in the public register")
    system: str
    vendor: str
    health_trust: str
    region: Region
    region_label: str
    clinical_area: ClinicalArea
    clinical_area_label: str
    intended_use: str
    intended_use_statement: str
    phase: Phase
    phase_label: str
    regulatory_status: RegulatoryStatus
    regulatory_status_label: str
    mdr_risk_class: RiskClass | None
    mdr_risk_class_label: str
    platform: EntryRef | None = Field(description="The platform that hosts this model, if any")
    status: Literal["published", "withdrawn"]
    last_changed: datetime.datetime | None = Field(
        description="When the public version last changed (published or withdrawn)"
    )

    @staticmethod
    def resolve_url(obj: AIDeployment) -> str:
        return reverse("register:public-detail", args=[obj.pk])

    @staticmethod
    def resolve_region_label(obj: AIDeployment) -> str:
        return _label("region", obj.region)

    @staticmethod
    def resolve_clinical_area_label(obj: AIDeployment) -> str:
        return _label("clinical_area", obj.clinical_area)

    @staticmethod
    def resolve_phase_label(obj: AIDeployment) -> str:
        return _label("phase", obj.phase)

    @staticmethod
    def resolve_regulatory_status_label(obj: AIDeployment) -> str:
        return _label("regulatory_status", obj.regulatory_status)

    @staticmethod
    def resolve_mdr_risk_class(obj: AIDeployment) -> str | None:
        return obj.mdr_risk_class or None

    @staticmethod
    def resolve_mdr_risk_class_label(obj: AIDeployment) -> str:
        return _label("mdr_risk_class", obj.mdr_risk_class)

    @staticmethod
    def resolve_platform(obj: AIDeployment) -> EntryRef | None:
        parent = obj.parent
        if parent is None or parent.publication != D.Publication.PUBLISHED:
            return None
        return EntryRef(id=parent.pk, system=parent.system)

    @staticmethod
    def resolve_status(obj: AIDeployment) -> str:
        return str(obj.publication)

    @staticmethod
    def resolve_last_changed(obj: AIDeployment) -> datetime.datetime | None:
        return obj.public_changed_at


class Change(Schema):
    field: str
    old: str
    new: str


class HistoryEntry(Schema):
    when: datetime.datetime
    kind: Literal["created", "changed", "withdrawn", "republished"]
    changes: list[Change]
    reason: str = Field(description="The public reason, for a withdrawal")


class RegisterEntryDetail(RegisterEntry):
    withdrawn_reason: str = Field(description="Why the entry was withdrawn (public), or empty")
    models_on_platform: list[EntryRef]
    history: list[HistoryEntry] = Field(description="Changes to the public fields, newest first")

    @staticmethod
    def resolve_models_on_platform(obj: AIDeployment) -> list[EntryRef]:
        return [EntryRef(id=child.pk, system=child.system) for child in obj.hosted.all()]

    @staticmethod
    def resolve_history(obj: AIDeployment) -> list[HistoryEntry]:
        return [
            HistoryEntry(
                when=entry.when,
                kind=entry.kind,  # type: ignore[arg-type]
                changes=[Change(field=f, old=o, new=n) for f, o, n in entry.changes],
                reason=entry.reason,
            )
            for entry in selectors.public_history(deployment=obj)
        ]


class RegisterFilters(Schema):
    """The public register page's filters."""

    q: str | None = Field(
        None,
        max_length=200,
        description="Words in the system, vendor, health trust or intended use",
    )
    region: Region | None = None
    clinical_area: ClinicalArea | None = None
    phase: Phase | None = None
    regulatory_status: RegulatoryStatus | None = None
    mdr_risk_class: RiskClass | None = None


@router.get(
    "/",
    response={200: list[RegisterEntry], **REFUSALS},
    url_name="register-entry-list",
    summary="Published entries of the public register",
)
@paginate(Pagination)
def register_entry_list(request: HttpRequest, filters: Query[RegisterFilters]):
    params = {
        name: value.replace("\x00", "") if isinstance(value, str) else value
        for name, value in filters.dict(exclude_none=True).items()
    }
    deployments, _filterset = selectors.public_deployment_list(params=params)
    return (
        deployments.select_related(None)
        .select_related("parent")
        .only(
            "id", *selectors.PUBLIC_COLUMNS, "parent__id", "parent__system", "parent__publication"
        )
    )


@router.get(
    "/{pk}/",
    response={200: RegisterEntryDetail, 404: Problem, **REFUSALS},
    url_name="register-entry-detail",
    summary="One entry: published, or withdrawn with the public reason, with its public history",
)
def register_entry_detail(request: HttpRequest, pk: int):
    deployment = selectors.public_deployment_get(pk=pk)
    if deployment is None:
        raise Http404
    return deployment
