"""A second click on a status update shows the saved update, not a conflict (issue 19,
defect 5)."""

import re

import pytest

from measures.models import StatusUpdate

pytestmark = pytest.mark.django_db


def test_second_click_on_a_status_update_shows_the_first_save(client, cast, hdir_measure):
    client.force_login(cast["hdir_rep"])
    url = f"/measures/{hdir_measure.pk}/update/"
    page = client.get(url).content.decode()
    key = re.search(r'name="form_key" value="([0-9a-f]{32})"', page).group(1)
    data = {
        "status": "in_progress",
        "progress": "40",
        "health": "on_track",
        "done": "Utkast levert",
        "based_on": "",
        "form_key": key,
    }
    first = client.post(url, data)
    second = client.post(url, data, follow=True)
    assert first.status_code == 302
    assert second.redirect_chain[0][0] == first["Location"]
    assert "Someone else posted" not in second.content.decode()
    assert StatusUpdate.objects.filter(measure=hdir_measure).count() == 1
