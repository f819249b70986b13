"""Guidance fixtures: regulatory areas with responsibilities, and requests in given states."""

import datetime

import pytest
from django.utils import timezone

from guidance.models import GuidanceRequest, Phase
from guidance.services.assignment import guidance_request_assign, guidance_request_triage
from guidance.services.intake import RequestData, guidance_request_submit
from tests.factories import AgencyFactory
from tests.guidance.factories import AreaResponsibilityFactory, RegulatoryAreaFactory


@pytest.fixture
def areas(agencies):
    slv = AgencyFactory(code="SLV", name="Statens legemiddelverk")
    law = RegulatoryAreaFactory(key="helselovgivningen", name="Helselovgivningen", order=1)
    devices = RegulatoryAreaFactory(
        key="medisinsk-utstyr",
        name="Produktregelverket for medisinsk utstyr",
        order=2,
        requires_dmp_confirmation=True,
    )
    nye = RegulatoryAreaFactory(key="nye-metoder", name="Grensen mot Nye metoder", order=3)
    AreaResponsibilityFactory(area=law, agency=agencies["HDIR"])
    AreaResponsibilityFactory(area=devices, agency=slv, valid_to=datetime.date(2023, 12, 31))
    AreaResponsibilityFactory(
        area=devices, agency=agencies["DMP"], valid_from=datetime.date(2024, 1, 1)
    )
    return {"law": law, "devices": devices, "nye": nye, "SLV": slv}


def submit(areas_list, now=None, **overrides) -> tuple[GuidanceRequest, str]:
    fields = {
        "kind": GuidanceRequest.Kind.QUESTION,
        "requester_name": "Sentinel Navnesen",
        "requester_email": "sentinel@example.org",
        "organisation": "Sentinel HF",
        "org_kind": GuidanceRequest.OrgKind.HEALTH_TRUST,
        "title": "Er modellen medisinsk utstyr?",
        "question": "Vi utvikler en modell. Sentinel spør.",
        "phase": Phase.DEVELOPMENT,
        "areas": list(areas_list),
        "consent": True,
    }
    fields.update(overrides)
    return guidance_request_submit(data=RequestData(**fields), now=now)


@pytest.fixture
def hdir_request(cast, agencies, areas):
    """A request assigned to HDIR (lead) only."""
    request, _token = submit([areas["law"]])
    guidance_request_triage(request=request, decision="accept", by=cast["secretariat"])
    guidance_request_assign(
        request=request, lead=agencies["HDIR"], contributors=[], by=cast["secretariat"]
    )
    request.refresh_from_db()
    return request


@pytest.fixture
def tracked(areas):
    """A freshly submitted request and its raw token."""
    return submit([areas["law"]])


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate limiter counts in the cache; each test starts with a clean count."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
