"""Carried-forward actions (issue 16): the standing item «Oppfølgingspunkter fra tidligere møter»
on each new meeting of a body with open actions from earlier meetings, each action's status
changed in place (htmx) or by a plain post, with who and why in its history."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from kiraad.history import history_entries
from kiraad.meetings import services as svc
from kiraad.models import ActionItem, AgendaItem, Meeting
from kiraad.services import ServiceError
from tests.factories import AgendaItemFactory, BodyFactory

pytestmark = pytest.mark.django_db
S = Meeting.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def at(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def plan(body, days: int, number: str) -> Meeting:
    return svc.meeting_plan(
        body=body, number=number, title="", starts_at=at(days), place="Oslo", by=None
    )


def follow_up_items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting, carries_actions=True))


@pytest.fixture
def cycle(agencies):
    """Meeting 1 held last week with an open action; meeting 3 planned before meeting 2."""
    body = BodyFactory(key="ki-radet", decides=False, active_from=datetime.date(2024, 4, 1))
    first = Meeting.objects.create(
        body=body, number="KI-rådet 1/2026", title="1", starts_at=at(-7), status=S.HELD
    )
    third = plan(body, 60, "KI-rådet 3/2026")
    second = plan(body, 30, "KI-rådet 2/2026")
    item = AgendaItemFactory(meeting=first, title="Skytjenester")
    action = svc.action_item_create(
        item=item,
        title="Lage veileder om skytjenester",
        owner_agency=agencies["HDIR"],
        due_date=timezone.localdate() + datetime.timedelta(days=20),
        by=None,
    )
    return body, first, second, third, action


def test_each_next_meeting_carries_the_follow_up_item_while_actions_are_open(cycle, cast):
    body, first, second, third, action = cycle
    for meeting in (second, third):
        [item] = follow_up_items(meeting)
        assert item.title == "Oppfølgingspunkter fra tidligere møter"
    assert follow_up_items(first) == []  # the action's own meeting
    # Settled: the item leaves the meetings not yet held.
    svc.action_item_set_status(action=action, status=ActionItem.Status.DONE, by=cast["hdir_rep"])
    assert follow_up_items(second) == follow_up_items(third) == []
    # Reopened: it comes back, once per meeting (the sync is idempotent).
    svc.action_item_set_status(action=action, status=ActionItem.Status.OPEN, by=None)
    svc.follow_up_items_sync(body_id=body.pk, by=None)
    assert len(follow_up_items(second)) == len(follow_up_items(third)) == 1


def test_a_body_without_open_actions_gets_no_follow_up_item(agencies):
    body = BodyFactory(key="ki-radet", decides=False, active_from=datetime.date(2024, 4, 1))
    meeting = plan(body, 30, "KI-rådet 1/2027")
    assert follow_up_items(meeting) == []


def test_a_cancelled_meeting_keeps_no_new_follow_up_item_and_a_new_one_gets_it(cycle):
    body, _first, second, _third, _action = cycle
    svc.meeting_transition(meeting=second, to=S.CANCELLED, reason="Flyttet", by=None)
    fourth = plan(body, 90, "KI-rådet 4/2026")
    assert len(follow_up_items(fourth)) == 1


def test_meeting_page_lists_carried_actions_under_the_item(client, cast, cycle):
    _body, _first, second, _third, action = cycle
    client.force_login(cast["secretariat"])
    html = client.get(f"/council/meetings/{second.pk}/").content.decode()
    item_at = html.index("Oppfølgingspunkter fra tidligere møter")
    row_at = html.index(f'id="action-row-{action.pk}"')
    assert item_at < row_at < html.index('id="docs-heading"')
    assert f'data-hx-post="/council/actions/{action.pk}/status/"' in html


def test_status_changes_in_place_with_who_and_why(client, cast, cycle):
    *_rest, action = cycle
    client.force_login(cast["hdir_rep"])
    response = client.post(
        f"/council/actions/{action.pk}/status/",
        {"status": "in_progress", "note": "Utkast sendt på høring"},
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith("<li")
    assert f'id="action-row-{action.pk}"' in html
    action.refresh_from_db()
    assert action.status == ActionItem.Status.IN_PROGRESS
    newest = history_entries(action)[0]
    assert newest.who == (cast["hdir_rep"].get_full_name() or cast["hdir_rep"].username)
    assert str(newest.reason) == "Utkast sendt på høring"


def test_status_change_without_javascript_returns_to_the_meeting(client, cast, cycle):
    _body, _first, _second, _third, action = cycle
    client.force_login(cast["hdir_rep"])
    response = client.post(f"/council/actions/{action.pk}/status/", {"status": "done"})
    assert response.status_code == 302
    assert response.url.endswith(f"#action-row-{action.pk}")
    action.refresh_from_db()
    assert action.status == ActionItem.Status.DONE


def test_the_saved_message_marks_the_norwegian_title_on_an_english_page(client, cast, cycle):
    """Issue 21: «The status of «…» was saved.» quotes the action's title, which is Norwegian
    data: lang="nb" around it, escaped."""
    *_rest, action = cycle
    action.title = "Lage <b>side</b> & lenke"
    action.save()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cast["hdir_rep"])
    data = {"status": "done", "back": "action"}
    response = client.post(f"/council/actions/{action.pk}/status/", data, follow=True)
    assert (
        'The status of «<span lang="nb">Lage &lt;b&gt;side&lt;/b&gt; &amp; lenke</span>» was saved.'
    ) in response.text


def test_another_agency_cannot_change_the_status(client, cast, cycle):
    *_rest, action = cycle
    client.force_login(cast["dmp_rep"])
    response = client.post(f"/council/actions/{action.pk}/status/", {"status": "done"}, **HTMX)
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == ActionItem.Status.OPEN


def test_the_secretariat_cannot_edit_or_remove_the_follow_up_item(client, cast, cycle):
    """Removing it used to work and the next sync put it back; now it is refused like the
    approval item, with the message on the meeting page, and the page offers no such form."""
    second = cycle[2]
    [item] = follow_up_items(second)
    client.force_login(cast["secretariat"])
    base = f"/council/meetings/{second.pk}/items/{item.pk}"
    html = client.get(f"/council/meetings/{second.pk}/").content.decode()
    assert f"{base}/remove/" not in html
    assert f"{base}/edit/" not in html
    response = client.post(f"{base}/remove/", follow=True)
    assert "settes opp automatisk så lenge oppfølgingspunkter er åpne" in response.text
    response = client.post(f"{base}/edit/", {"kind": "orientering", "title": "Annet"}, follow=True)
    assert "settes opp automatisk så lenge oppfølgingspunkter er åpne" in response.text
    item.refresh_from_db()
    assert item.title == "Oppfølgingspunkter fra tidligere møter"
    with pytest.raises(ServiceError):
        svc.agenda_item_remove(item=item, by=cast["secretariat"])
    assert follow_up_items(second) == [item]
