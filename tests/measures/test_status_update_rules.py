"""A status update changes something or says something, and its texts have a limit the page
shows and the server enforces (issue 19, defect 6)."""

import pytest

from kiraad.services import ServiceError
from measures.models import StatusUpdate
from measures.services import STATUS_TEXT_MAX, StatusData, measure_post_status

pytestmark = pytest.mark.django_db


def _same_as_now(measure, **texts) -> StatusData:
    return StatusData(
        status=measure.status, progress=measure.progress, health=measure.health, **texts
    )


def test_an_empty_update_is_refused(cast, hdir_measure):
    with pytest.raises(ServiceError):
        measure_post_status(
            measure=hdir_measure, author=cast["hdir_rep"], based_on=None,
            data=_same_as_now(hdir_measure, done="   "),
        )  # fmt: skip
    assert not StatusUpdate.objects.exists()


def test_an_update_that_says_something_is_accepted(cast, hdir_measure):
    measure_post_status(
        measure=hdir_measure, author=cast["hdir_rep"], based_on=None,
        data=_same_as_now(hdir_measure, blockers="Venter på avklaring"),
    )  # fmt: skip
    assert StatusUpdate.objects.count() == 1


def test_the_service_refuses_text_over_the_limit(cast, hdir_measure):
    with pytest.raises(ServiceError):
        measure_post_status(
            measure=hdir_measure, author=cast["hdir_rep"], based_on=None,
            data=_same_as_now(hdir_measure, done="x" * (STATUS_TEXT_MAX + 1)),
        )  # fmt: skip


def test_the_page_shows_the_limit_and_refuses_longer_text(client, cast, hdir_measure):
    client.force_login(cast["hdir_rep"])
    url = f"/measures/{hdir_measure.pk}/update/"
    page = client.get(url).content.decode()
    assert f'maxlength="{STATUS_TEXT_MAX}"' in page
    data = {
        "status": hdir_measure.status,
        "progress": str(hdir_measure.progress),
        "health": hdir_measure.health,
        "based_on": "",
    }
    too_long = client.post(url, {**data, "done": "x" * 100_000, "status": "in_progress"})
    assert too_long.status_code == 200
    empty = client.post(url, data)
    assert empty.status_code == 200
    assert (
        "changes nothing" in empty.content.decode() or "endrer ingenting" in empty.content.decode()
    )
    assert not StatusUpdate.objects.exists()
