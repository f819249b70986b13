"""An agenda item's outcome, follow-up and edit forms are fetched when the secretariat opens
them (issue 16 «Speed»: drawn under every item they were 40 % of the meeting page's time). The
meeting page carries links (htmx fetches the form in their place; without JavaScript they lead
to a page with the form), and a form that comes back with errors is drawn on the meeting page
under its item, open, with what was typed."""

import pytest

from kiraad.models import AgendaItem, Meeting
from tests.factories import BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(cast):
    meeting = MeetingFactory(body=BodyFactory(), status=Meeting.Status.HELD)
    return AgendaItem.objects.create(meeting=meeting, order=1, kind="rad", title="Skytjenester")


def test_the_meeting_page_links_to_the_forms_instead_of_drawing_them(client, cast, item):
    client.force_login(cast["secretariat"])
    page = client.get(f"/council/meetings/{item.meeting_id}/").text
    base = f"/council/meetings/{item.meeting_id}/items/{item.pk}"
    assert f'id="outcome-{item.pk}-outcome"' not in page
    assert f'id="action-{item.pk}-title"' not in page
    for path, text in (
        (f"{base}/outcome/", "Registrer utfall"),
        (f"{base}/actions/", "Ny oppfølging"),
    ):
        assert f'data-hx-get="{path}"' in page
        assert f'<a class="ds-link" href="{path}">{text}</a>' in page


@pytest.mark.parametrize(
    ("path", "field"),
    [("outcome", "outcome-{}-outcome"), ("actions", "action-{}-title"), ("edit", "edit-{}-title")],
)
def test_each_form_is_a_page_without_javascript_and_a_fragment_for_htmx(
    client, cast, item, path, field
):
    client.force_login(cast["secretariat"])
    url = f"/council/meetings/{item.meeting_id}/items/{item.pk}/{path}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "<html" in page.text
    assert "Tilbake til møtet" in page.text
    assert f'id="{field.format(item.pk)}"' in page.text
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert f'id="{field.format(item.pk)}"' in fragment.text
    assert 'name="csrfmiddlewaretoken"' in fragment.text


def test_the_edit_form_starts_from_the_item(client, cast, item):
    client.force_login(cast["secretariat"])
    url = f"/council/meetings/{item.meeting_id}/items/{item.pk}/edit/"
    assert 'value="Skytjenester"' in client.get(url, HTTP_HX_REQUEST="true").text


@pytest.mark.parametrize("path", ["outcome", "actions", "edit"])
def test_members_get_no_form(client, cast, item, path):
    item.meeting.status = Meeting.Status.MINUTES_APPROVED
    item.meeting.save(update_fields=["status"])
    client.force_login(cast["hdir_rep"])
    url = f"/council/meetings/{item.meeting_id}/items/{item.pk}/{path}/"
    assert client.get(url).status_code == 403


def test_an_invalid_outcome_comes_back_open_under_its_item_with_what_was_typed(client, cast, item):
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/council/meetings/{item.meeting_id}/items/{item.pk}/outcome/",
        {"outcome_kind": "", "outcome": "Rådet anbefaler en veileder."},
    )
    assert response.status_code == 200
    page = response.text
    assert "Rådet anbefaler en veileder." in page
    assert page.count("Feltet er påkrevet.") == 1
    assert '<details class="ds-details" open>' in page
    assert f'id="action-{item.pk}-title"' in page  # its other form is drawn too, unbound


@pytest.mark.parametrize(("path", "field"), [("items", "item-title"), ("change", "change-place")])
def test_the_meetings_own_forms_are_fetched_too(client, cast, item, path, field):
    item.meeting.status = Meeting.Status.AGENDA_PUBLISHED
    item.meeting.save(update_fields=["status"])
    client.force_login(cast["secretariat"])
    url = f"/council/meetings/{item.meeting_id}/{path}/"
    assert f'data-hx-get="{url}"' in client.get(f"/council/meetings/{item.meeting_id}/").text
    assert f'id="{field}"' in client.get(url).text
    assert f'id="{field}"' in client.get(url, HTTP_HX_REQUEST="true").text
