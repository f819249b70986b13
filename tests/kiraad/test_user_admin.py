"""The user admin saves agency and roles through user_set_roles: rights follow the person."""

import re

import pytest

from kiraad.access import Role, is_agency_representative, is_secretariat, user_can
from kiraad.models import User
from tests.factories import AgencyFactory
from tests.history_helpers import reason_en
from tests.measures.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _change_form_data(user: User, **overrides) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "change_reason": "Ny arbeidsgiver",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_changing_a_users_agency_in_the_admin_moves_their_rights_at_once(client, cast):
    hso = AgencyFactory(code="HSO", name="Helse Sør-Øst RHF")
    hdir = cast["hdir_rep"].agency
    hso_measure = MeasureFactory(owned_by=hso)
    hdir_measure = MeasureFactory(owned_by=hdir)
    client.force_login(cast["admin"])
    response = client.post(
        "/admin/kiraad/user/add/",
        {
            "username": "flyttet",
            "usable_password": "true",
            "password1": "et-langt-passord-42",
            "password2": "et-langt-passord-42",
            "agency": hso.pk,
            "roles": [str(Role.AGENCY_REPRESENTATIVE)],
            "change_reason": "Ny representant",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(username="flyttet")
    assert user_can(person, "change_measure", hso_measure)
    assert not user_can(person, "change_measure", hdir_measure)

    response = client.post(
        f"/admin/kiraad/user/{person.pk}/change/",
        _change_form_data(person, agency=hdir.pk, roles=[str(Role.AGENCY_REPRESENTATIVE)]),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(pk=person.pk)
    assert person.agency == hdir
    assert not user_can(person, "change_measure", hso_measure)
    assert user_can(person, "change_measure", hdir_measure)
    assert is_agency_representative(person)
    assert set(person.groups.values_list("name", flat=True)) == {
        str(Role.AGENCY_REPRESENTATIVE),
        "agency:HDIR",
    }
    record = person.history.latest()
    assert reason_en(record) == "Ny arbeidsgiver"
    assert record.history_user == cast["admin"]


def test_roles_are_set_and_removed_in_the_admin(client, cast):
    person = cast["hdir_rep"]
    client.force_login(cast["admin"])
    page = client.get(f"/admin/kiraad/user/{person.pk}/change/")
    assert page.status_code == 200
    checkbox = r'<input type="checkbox" name="roles" value="(\w+)"[^>]*checked'
    checked = re.findall(checkbox, page.text)
    assert checked == [str(Role.AGENCY_REPRESENTATIVE)]
    assert 'name="groups"' not in page.text

    response = client.post(
        f"/admin/kiraad/user/{person.pk}/change/",
        _change_form_data(person, agency=person.agency_id, roles=[str(Role.SECRETARIAT)]),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(pk=person.pk)
    assert is_secretariat(person)
    assert not is_agency_representative(person)


def test_the_user_add_form_opens_and_creates_a_user_with_agency_and_rights(client, cast):
    hso = AgencyFactory(code="HSO", name="Helse Sør-Øst RHF")
    measure = MeasureFactory(owned_by=hso)
    client.force_login(cast["admin"])

    assert client.get("/admin/kiraad/user/add/").status_code == 200
    response = client.post(
        "/admin/kiraad/user/add/",
        {
            "username": "ny-person",
            "usable_password": "true",
            "password1": "et-langt-passord-42",
            "password2": "et-langt-passord-42",
            "agency": hso.pk,
            "roles": [str(Role.AGENCY_REPRESENTATIVE)],
            "change_reason": "Ny representant for HSØ",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    person = User.objects.get(username="ny-person")
    assert person.agency == hso
    assert person.check_password("et-langt-passord-42")
    assert user_can(person, "change_measure", measure)
    assert reason_en(person.history.earliest()) == "Ny representant for HSØ"
