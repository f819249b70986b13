"""The login backend loads the signed-in user with their agency and roles in one query."""

import pytest

from kiraad import access
from kiraad.backends import PortalBackend


@pytest.mark.parametrize(
    ("who", "secretariat", "representative", "coordinator"),
    [
        ("secretariat", True, False, False),
        ("hdir_rep", False, True, False),
        ("kin_coordinator", False, False, True),
        ("admin", True, False, False),
    ],
)
def test_user_comes_with_agency_and_roles_in_one_query(
    cast, django_assert_num_queries, who, secretariat, representative, coordinator
):
    with django_assert_num_queries(1):
        user = PortalBackend().get_user(cast[who].pk)
        agency = user.agency
        roles = (
            access.is_secretariat(user),
            access.is_agency_representative(user),
            access.is_network_coordinator(user),
        )
    assert agency == cast[who].agency
    assert roles == (secretariat, representative, coordinator)


def test_inactive_or_missing_user_is_nobody(cast):
    user = cast["hdir_rep"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert PortalBackend().get_user(user.pk) is None
    assert PortalBackend().get_user(10**9) is None


def test_roles_of_a_user_loaded_elsewhere_are_read_once(cast, django_assert_num_queries):
    user = type(cast["hdir_rep"]).objects.get(pk=cast["hdir_rep"].pk)
    with django_assert_num_queries(1):
        assert access.is_agency_representative(user)
        assert not access.is_secretariat(user)
