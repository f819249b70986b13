"""A second POST with the same one-time form key shows the first result and creates nothing
(issue 19, «every create form is idempotent»): the article form, an agenda item and a
follow-up action on the meeting page."""

import datetime

import pytest
from django.utils import timezone

from guidance.models import Article
from kiraad.meetings import services as svc
from kiraad.models import ActionItem, AgendaItem
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def _twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == second.status_code == 302, first.content.decode()
    assert second["Location"] == first["Location"]
    return second


def test_a_double_click_on_a_new_article_saves_one(client, cast, agencies):
    client.force_login(cast["secretariat"])
    form = client.get("/guidance/articles/new/").content.decode()
    assert 'name="form_key"' in form
    data = {
        "slug": "ki-og-personvern",
        "title": "KI og personvern",
        "summary": "Kort.",
        "body_markdown": "Tekst.",
        "phases": ["development"],
        "responsible_agency": agencies["HDIR"].pk,
        "language": "nb",
        "form_key": "a1" * 16,
    }
    second = _twice(client, "/guidance/articles/new/", data)
    # Not «the address is taken»: the article the first click saved.
    assert client.get(second["Location"]).status_code == 200
    assert Article.objects.filter(slug="ki-og-personvern").count() == 1


@pytest.fixture
def meeting(cast):
    return svc.meeting_plan(
        body=BodyFactory(key="ki-radet", decides=False),
        number="KI-rådet 9/2027",
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=20),
        place="Oslo",
        by=cast["secretariat"],
    )


def test_a_double_click_on_add_agenda_item_adds_one(client, cast, meeting):
    client.force_login(cast["secretariat"])
    # The add form is fetched when «Legg til sak» is opened on the meeting page.
    page = client.get(f"/council/meetings/{meeting.pk}/items/").content.decode()
    assert page.count('name="form_key"') >= 1
    before = AgendaItem.objects.filter(meeting=meeting).count()
    data = {"kind": "orientering", "title": "Ny sak", "form_key": "b2" * 16}
    _twice(client, f"/council/meetings/{meeting.pk}/items/", data)
    assert AgendaItem.objects.filter(meeting=meeting, title="Ny sak").count() == 1
    assert AgendaItem.objects.filter(meeting=meeting).count() == before + 1


def test_a_double_click_on_add_follow_up_action_adds_one(client, cast, agencies, meeting):
    item = AgendaItem.objects.create(meeting=meeting, order=9, kind="rad", title="Sak")
    client.force_login(cast["secretariat"])
    data = {"title": "Følg opp", "owner_agency": agencies["DMP"].pk, "form_key": "c3" * 16}
    _twice(client, f"/council/meetings/{meeting.pk}/items/{item.pk}/actions/", data)
    assert ActionItem.objects.filter(agenda_item=item, title="Følg opp").count() == 1
