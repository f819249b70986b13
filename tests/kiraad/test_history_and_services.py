import datetime
import re

import pytest

from kiraad.models import ActionItem, Agency, Membership
from kiraad.services import ServiceError, agency_dissolve
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    MandateFactory,
    MembershipFactory,
    UserFactory,
)
from tests.history_helpers import reason_en

pytestmark = pytest.mark.django_db


def test_admin_change_records_author_and_reason_in_history(client, cast):
    agency = AgencyFactory(code="KS", name="KS")
    client.force_login(cast["admin"])
    response = client.post(
        f"/admin/kiraad/agency/{agency.pk}/change/",
        {
            "code": "KS",
            "name": "Kommunesektorens organisasjon",
            "short_name": "KS",
            "aliases": "[]",
            "kind": "municipal_association",
            "change_reason": "Riktig offisielt navn",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = agency.history.latest()
    assert record.history_user == cast["admin"]
    assert reason_en(record) == "Riktig offisielt navn"
    assert record.name == "Kommunesektorens organisasjon"
    history_page = client.get(f"/admin/kiraad/agency/{agency.pk}/history/")
    assert "Riktig offisielt navn" in history_page.text


def test_admin_change_without_a_reason_is_refused(client, cast):
    agency = AgencyFactory(code="KS", name="KS")
    client.force_login(cast["admin"])
    response = client.post(
        f"/admin/kiraad/agency/{agency.pk}/change/",
        {"code": "KS", "name": "Endret", "aliases": "[]", "kind": "other", "change_reason": ""},
    )
    assert response.status_code == 200
    agency.refresh_from_db()
    assert agency.name == "KS"


def test_dissolving_an_agency_moves_users_actions_and_ends_memberships(cast):
    ehelse = AgencyFactory(code="E-HELSE", name="Direktoratet for e-helse")
    hdir = Agency.objects.get(code="HDIR")
    person = UserFactory(username="ehelse-person", agency=ehelse)
    open_action = ActionItemFactory(owner_agency=ehelse)
    done_action = ActionItemFactory(owner_agency=ehelse, status=ActionItem.Status.DONE)
    membership = MembershipFactory(
        mandate=MandateFactory(key="styringsgruppe"), agency=ehelse, start=datetime.date(2019, 7, 1)
    )

    result = agency_dissolve(
        agency=ehelse,
        successor=hdir,
        on=datetime.date(2024, 1, 1),
        change_kind=Agency.ChangeKind.MERGER,
        by=cast["admin"],
        reason="Virksomhetsoverdragelse til Helsedirektoratet",
    )

    assert (result.users, result.action_items, result.memberships_ended) == (1, 1, 1)
    ehelse.refresh_from_db()
    assert ehelse.successor == hdir
    assert ehelse.dissolved_on == datetime.date(2024, 1, 1)
    person.refresh_from_db()
    assert person.agency == hdir
    open_action.refresh_from_db()
    done_action.refresh_from_db()
    assert open_action.owner_agency == hdir
    assert done_action.owner_agency == ehelse
    membership.refresh_from_db()
    assert membership.end == datetime.date(2023, 12, 31)
    latest = open_action.history.latest()
    assert latest.history_user == cast["admin"]
    assert reason_en(latest) == "Virksomhetsoverdragelse til Helsedirektoratet"


def test_an_agency_cannot_be_dissolved_into_itself(cast):
    hdir = Agency.objects.get(code="HDIR")
    with pytest.raises(ServiceError):
        agency_dissolve(
            agency=hdir,
            successor=hdir,
            on=datetime.date(2024, 1, 1),
            change_kind="merger",
            by=None,
            reason="feil",
        )
    assert Membership.objects.count() == 0


def test_membership_changes_and_their_reason_are_shown_on_the_council_page(client, cast):
    from kiraad.services import save_with_reason

    mandate = MandateFactory(key="ki-radet-2024", title="Mandat KI-råd")
    membership = MembershipFactory(mandate=mandate, agency=AgencyFactory(code="KS", name="KS"))
    membership.role = Membership.Role.OBSERVER
    save_with_reason(membership, by=cast["admin"], reason="KS deltar som observatør")

    client.force_login(cast["dmp_rep"])
    page = client.get("/council/")
    assert "KS deltar som observatør" in page.text
    visible = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page.text))
    assert "rolle: medlem → observatør" in visible
    assert cast["admin"].get_full_name() in page.text
