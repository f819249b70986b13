"""The admin in Norwegian where Django and the packages left English, with the portal's focus rings
(issue 21; the crawl in tests/e2e/test_crawl.py checks every admin page in the browser)."""

import pytest

from kiraad.models import Attendance
from tests.factories import AgencyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_permissions_are_named_in_norwegian_on_the_group_form(client, cast):
    client.force_login(cast["admin"])
    page = client.get("/admin/auth/group/add/").text
    assert "Rådet | etat | Kan legge til etat" in page
    assert "historikk for etat | Kan se historikk for etat" in page
    assert "Can add" not in page
    assert "historical" not in page


def test_the_two_box_picker_and_the_packages_speak_norwegian(client, cast):
    client.force_login(cast["admin"])
    catalogue = client.get("/admin/jsi18n/").text
    assert "markere dem og deretter trykke p" in catalogue
    index = client.get("/admin/").text
    assert "Innloggingsforsøk" in index
    assert "Autentiseringsapper" in index
    assert "TOTP devices" not in index
    device = client.get("/admin/otp_totp/totpdevice/add/").text
    assert "Antall sifre i en kode." in device
    assert "The number of digits" not in device
    assert "Tidspunkter" in device
    assert "initially created" not in device


def test_file_fields_and_representatives_have_labels(client, cast):
    client.force_login(cast["admin"])
    document = client.get("/admin/kiraad/meetingdocument/add/").text
    assert '<label class="required" for="id_file">' in document
    membership = client.get("/admin/kiraad/membership/add/").text
    assert 'for="id_representatives-0-is_deputy"' in membership
    assert "select2" not in membership


def test_admin_pages_carry_the_focus_rings_and_the_picker_fix(client, cast):
    client.force_login(cast["admin"])
    page = client.get("/admin/").text
    assert "/static/css/admin.css" in page
    assert "/static/js/admin.js" in page


def test_the_attendance_list_loads_its_agencies_with_the_list(client, cast):
    """It answered 500 under the N+1 guard: each row read its agency on its own."""
    meeting = MeetingFactory()
    for agency in AgencyFactory.create_batch(3):
        Attendance.objects.create(meeting=meeting, agency=agency, status=Attendance.Status.PRESENT)
    client.force_login(cast["admin"])
    assert client.get("/admin/kiraad/attendance/").status_code == 200


def test_every_app_index_of_the_admin_answers_in_norwegian(client, cast):
    """/admin/<app>/ answered 500 (KeyError 'app_label') once the app names were translated."""
    from django.contrib import admin

    client.force_login(cast["admin"])
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    for label in labels:
        response = client.get(f"/admin/{label}/")
        assert response.status_code == 200, label
    assert "Autentiseringsapper" in client.get("/admin/otp_totp/").text


def test_history_pages_of_models_without_foreign_keys_answer(client, cast):
    """simple-history asked select_related() with no names for them (a 500 where warnings are
    errors); the list sits in a scroll region that takes focus and has no inline style."""
    from network.models import EscalationLevel
    from tests.network.factories import LevelFactory

    level = LevelFactory()
    assert not any(f.is_relation for f in EscalationLevel.history.model.tracked_fields)
    client.force_login(cast["admin"])
    response = client.get(f"/admin/network/escalationlevel/{level.pk}/history/")
    assert response.status_code == 200
    page = response.text
    assert '<div class="history-scroll" tabindex="0" role="region"' in page
    assert "style=" not in page


def test_a_mandate_lists_its_memberships_stacked_and_in_one_query(client, cast):
    from tests.factories import MandateFactory, MembershipFactory

    mandate = MandateFactory()
    MembershipFactory.create_batch(3, mandate=mandate)
    client.force_login(cast["admin"])
    page = client.get(f"/admin/kiraad/mandate/{mandate.pk}/change/").text  # zeal: no N+1
    assert 'class="js-inline-admin-formset inline-group"' in page
    assert "tabular" not in page
