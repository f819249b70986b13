"""«Transfer to successor» in the admin: a preview of what moves, then agency_dissolve."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from guidance.forms.handling import AssignForm
from guidance.forms.knowledge_base import ArticleForm
from guidance.forms.meetings import MeetingForm as GuidanceMeetingForm
from guidance.models import AreaResponsibility, Assignment, GuidanceRequest
from kiraad.access import Role, user_can
from kiraad.meetings.forms import ActionForm, AttendanceForm, MeetingForm
from kiraad.models import ActionItem, Agency, Body, Membership
from kiraad.services import ServiceError, agency_dissolve, user_set_roles
from measures.forms import OwnersForm
from measures.models import MeasureOwner
from network.forms import ResponseForm
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    BodyFactory,
    MandateFactory,
    MembershipFactory,
    UserFactory,
)
from tests.guidance.factories import AreaResponsibilityFactory, GuidanceRequestFactory
from tests.history_helpers import reason_en
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 12, 1)


@pytest.fixture
def new_agency(cast):
    """A new agency that leads a measure, has a representative, a seat, an open action,
    an assignment on an open request and a regulatory area."""
    agency = AgencyFactory(code="NYETAT", name="Nyetaten", short_name="Nyetaten")
    world = {
        "agency": agency,
        "measure": MeasureFactory(owned_by=agency, title="Felles språkmodell"),
        "done_measure": MeasureFactory(owned_by=agency, title="Ferdig tiltak", status="completed"),
        "person": user_set_roles(
            user=UserFactory(username="ny-rep", first_name="Nora", last_name="Ny"),
            agency=agency,
            roles={Role.AGENCY_REPRESENTATIVE},
            by=None,
            reason="test",
        ),
        "membership": MembershipFactory(
            mandate=MandateFactory(key="ki-radet-2024", title="Mandat for KI-rådet"),
            agency=agency,
            start=datetime.date(2024, 4, 1),
        ),
        "action": ActionItemFactory(owner_agency=agency, title="Lag veileder for anskaffelse"),
        "area": AreaResponsibilityFactory(
            agency=agency, area__name="Helseregister", valid_from=datetime.date(2024, 1, 1)
        ),
    }
    request = GuidanceRequestFactory(
        status=GuidanceRequest.Status.ASSIGNED, reference="VL-2026-0042"
    )
    world["assignment"] = Assignment.objects.create(
        request=request, agency=agency, role=Assignment.Role.LEAD
    )
    return world


def _form(successor: Agency, **extra) -> dict:
    return {
        "successor": successor.pk,
        "on": ON.isoformat(),
        "change_kind": "merger",
        "reason": "Nyetaten slås sammen med Helsedirektoratet",
        **extra,
    }


def test_transfer_in_the_admin_previews_then_moves_everything(client, cast, new_agency):
    agency, hdir = new_agency["agency"], cast["hdir_rep"].agency
    client.force_login(cast["admin"])
    url = f"/admin/kiraad/agency/{agency.pk}/succession/"
    change_page = client.get(f"/admin/kiraad/agency/{agency.pk}/change/")
    assert url in change_page.text

    assert client.get(url).status_code == 200
    preview = client.post(url, _form(hdir))

    assert preview.status_code == 200
    text = preview.text
    for expected in (
        "Felles språkmodell",
        "Nyetaten (ledende)",
        "Helsedirektoratet (ledende)",
        "ny-rep",
        "Mandat for KI-rådet",
        "30.11.2026",
        "Lag veileder for anskaffelse",
        "VL-2026-0042",
        "Helseregister",
    ):
        assert expected in text, expected
    assert "Ferdig tiltak" not in text
    assert MeasureOwner.objects.get(measure=new_agency["measure"]).agency == agency  # not yet

    done = client.post(url, _form(hdir, confirm="1"))

    assert done.status_code == 302
    agency.refresh_from_db()
    assert (agency.successor, agency.dissolved_on) == (hdir, ON)
    owner = MeasureOwner.objects.get(measure=new_agency["measure"])
    assert (owner.agency, owner.is_lead) == (hdir, True)
    assert MeasureOwner.objects.get(measure=new_agency["done_measure"]).agency == agency
    person = new_agency["person"].__class__.objects.get(pk=new_agency["person"].pk)
    assert person.agency == hdir
    assert user_can(person, "change_measure", new_agency["measure"])
    assert Membership.objects.get(pk=new_agency["membership"].pk).end == ON - datetime.timedelta(1)
    assert ActionItem.objects.get(pk=new_agency["action"].pk).owner_agency == hdir
    assert Assignment.objects.get(pk=new_agency["assignment"].pk).agency == hdir
    old_area = AreaResponsibility.objects.get(pk=new_agency["area"].pk)
    assert old_area.valid_to == ON - datetime.timedelta(1)
    assert AreaResponsibility.objects.get(agency=hdir, area=old_area.area).valid_from == ON
    record = owner.measure.owners.get().history.latest()
    assert record.history_user == cast["admin"]
    assert reason_en(record) == "Nyetaten slås sammen med Helsedirektoratet"

    history = client.get(f"/admin/kiraad/agency/{agency.pk}/history/")
    assert "pk=None" not in history.text
    assert "Helsedirektoratet" in history.text


def test_the_list_action_opens_the_transfer_page(client, cast, new_agency):
    client.force_login(cast["admin"])
    response = client.post(
        "/admin/kiraad/agency/",
        {"action": "transfer_to_successor", "_selected_action": [new_agency["agency"].pk]},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{new_agency['agency'].pk}/succession/")


def test_the_successor_cannot_be_saved_directly_in_the_change_form(client, cast, new_agency):
    agency, hdir = new_agency["agency"], cast["hdir_rep"].agency
    client.force_login(cast["admin"])
    response = client.post(
        f"/admin/kiraad/agency/{agency.pk}/change/",
        {
            "code": agency.code,
            "name": agency.name,
            "aliases": "[]",
            "kind": agency.kind,
            "successor": hdir.pk,
            "dissolved_on": "2026-12-01",
            "change_kind": "merger",
            "change_reason": "Sammenslåing",
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.successor is None
    assert MeasureOwner.objects.get(measure=new_agency["measure"]).agency == agency


def test_an_agency_cannot_succeed_itself(client, cast, new_agency):
    agency = new_agency["agency"]
    agency.successor, agency.dissolved_on = agency, ON
    with pytest.raises(ValidationError, match="sin egen etterfølger"):
        agency.full_clean()
    with pytest.raises(ServiceError):
        agency_dissolve(
            agency=agency, successor=agency, on=ON, change_kind="merger", by=None, reason="x"
        )
    client.force_login(cast["admin"])
    page = client.post(f"/admin/kiraad/agency/{agency.pk}/succession/", _form(agency))
    assert "Velg et gyldig valg" in page.text
    agency.refresh_from_db()
    assert agency.successor is None


def test_a_circle_of_successors_is_refused(cast):
    first = AgencyFactory(code="A1", name="Første")
    second = AgencyFactory(code="A2", name="Andre")
    agency_dissolve(
        agency=first, successor=second, on=ON, change_kind="rename", by=None, reason="x"
    )
    second.successor, second.dissolved_on = Agency.objects.get(pk=first.pk), ON
    with pytest.raises(ValidationError, match="i ring"):
        second.full_clean()
    with pytest.raises(ServiceError):
        agency_dissolve(
            agency=second, successor=first, on=ON, change_kind="merger", by=None, reason="x"
        )


def test_no_portal_choice_list_offers_a_dissolved_agency(cast, new_agency):
    agency, hdir = new_agency["agency"], cast["hdir_rep"].agency
    agency_dissolve(agency=agency, successor=hdir, on=ON, change_kind="merger", by=None, reason="x")
    forms = {
        "attendance": AttendanceForm().fields["agency"],
        "action owner": ActionForm().fields["owner_agency"],
        "article owner": ArticleForm().fields["responsible_agency"],
        "measure lead": OwnersForm().fields["lead"],
        "measure co-owners": OwnersForm().fields["co_owners"],
        "assignment lead": AssignForm().fields["lead"],
        "assignment contributors": AssignForm().fields["contributors"],
        "guidance meeting": GuidanceMeetingForm().fields["invited_agencies"],
        "escalation answer": ResponseForm().fields["responsible_agency"],
    }
    for name, field in forms.items():
        offered = set(field.queryset)
        assert agency not in offered, name
        assert hdir in offered, name


def test_bodies_that_have_ended_are_not_offered_for_new_meetings(cast):
    council = BodyFactory()
    ended = BodyFactory(
        key="styringsgruppe", name="Styringsgruppen", active_to=datetime.date(2023, 12, 31)
    )
    offered = set(MeetingForm().fields["body"].queryset)
    assert council in offered
    assert ended not in offered
    assert Body.objects.count() == 2
