"""Fixtures of the network app's tests (the cast comes from tests/conftest.py)."""

import pytest
from django.utils import translation

from kiraad.access import Role
from kiraad.services import user_set_roles
from network.models import Network
from tests.factories import AgencyFactory, UserFactory
from tests.network.factories import CategoryFactory, EscalationFactory, LevelFactory


@pytest.fixture(autouse=True)
def english(client, settings):
    """These tests read the interface in English (the language switch); Norwegian is the default
    and is covered by the foundation and browser tests."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def kin(agencies) -> Network:
    return Network.objects.create(code="KIN", name="KIN", agency=agencies["KIN"])


@pytest.fixture
def category(db):
    return CategoryFactory(key="unclear-rules", name="Uklare regler ved innføring av KI")


@pytest.fixture
def level(db):
    return LevelFactory(key="council", name="KI-rådet")


@pytest.fixture
def escalation(cast, kin, category, level):
    return EscalationFactory(
        network=kin, raised_by=cast["kin_coordinator"], category=category, target_level=level
    )


@pytest.fixture
def hso(db):
    return AgencyFactory(code="HSØ", name="Helse Sør-Øst RHF", kind="regional_health_authority")


@pytest.fixture
def hso_rep(hso):
    user = UserFactory(username="rep-hso")
    return user_set_roles(
        user=user, agency=hso, roles={Role.AGENCY_REPRESENTATIVE}, by=None, reason="test"
    )
