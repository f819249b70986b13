"""A double click on «new guidance meeting» creates one (issue 19, defect 5)."""

import pytest

from guidance.models import GuidanceMeeting

pytestmark = pytest.mark.django_db


def test_double_click_on_a_guidance_meeting_creates_one(client, cast, areas):
    client.force_login(cast["secretariat"])
    data = {
        "title": "Møte",
        "community": "Klynge",
        "status": "held",
        "areas": [areas["law"].pk],
        "form_key": "cd" * 16,
    }
    first = client.post("/guidance/meetings/new/", data)
    second = client.post("/guidance/meetings/new/", data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert GuidanceMeeting.objects.count() == 1
