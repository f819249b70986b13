"""What the pages show is for their readers: no development notes, seed numbers or file names
(issue 17), with the real seed and the demo data loaded. The documents behind the data are
cited by title instead («Kilde»)."""

import re

import pytest
from django.core.management import call_command

from kiraad.models import Agency, Body, Source
from measures.models import Measure, Plan
from tests.once_per_module import rolled_back_after

pytestmark = pytest.mark.django_db

FORBIDDEN = [
    re.compile(r"seed", re.IGNORECASE),
    re.compile(r"SEED-FACTS"),
    re.compile(r"\bOCR\b"),
    re.compile(r"\.json", re.IGNORECASE),
    re.compile(r"\((?:00[0-4])(?:[ ,][^)]*)?\)"),  # a seed number such as «(004)»
    re.compile(r"\bInference\b"),
]


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", html)


def _hits(text: str) -> list[str]:
    return [match.group(0) for pattern in FORBIDDEN for match in pattern.finditer(text)]


def _load() -> None:
    call_command("load_seed_data", verbosity=0)
    call_command("load_demo_data", verbosity=0)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The seed and the demo data, loaded once for the module's tests: they only read them."""
    with rolled_back_after(django_db_blocker, _load):
        yield


@pytest.mark.slow
def test_no_page_csv_or_history_shows_development_notes(client, loaded):
    from kiraad.models import User

    client.force_login(User.objects.get(username="sekretariat"))
    urls = ["/council/", "/measures/", "/measures/plans/"]
    urls += [plan.get_absolute_url() for plan in Plan.objects.all()]
    urls += [measure.get_absolute_url() for measure in Measure.objects.all()]
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        hits = _hits(_visible_text(response.text))
        if hits:
            found[url] = hits
    export = client.get("/measures/export.csv")
    found["export.csv"] = (
        _hits(b"".join(export.streaming_content).decode())
        if hasattr(export, "streaming_content")
        else _hits(export.content.decode())
    )
    client.force_login(User.objects.get(username="admin"))
    for agency in Agency.objects.all():
        for url in (
            f"/admin/kiraad/agency/{agency.pk}/change/",
            f"/admin/kiraad/agency/{agency.pk}/history/",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            found[url] = _hits(_visible_text(response.text))
    assert {url: hits for url, hits in found.items() if hits} == {}
    assert len(urls) > 25


def test_the_documents_behind_the_data_are_cited_by_title(client, loaded):
    from kiraad.models import User

    assert Source.objects.count() == 5
    plan = Plan.objects.get(key="FP2020")
    assert [s.title for s in plan.sources.all()] == [
        "Felles plan for 2020 inkludert ansvar og prioriteringer"
    ]
    assert Agency.objects.get(code="HDIR").sources.exists()
    assert Body.objects.get(key="ki-radet").sources.filter(kind="mandate").exists()
    client.force_login(User.objects.get(username="sekretariat"))
    page = client.get(plan.measures.first().get_absolute_url())
    assert "Kilde:" in _visible_text(page.text)
    assert "Felles plan for 2020 inkludert ansvar og prioriteringer (Helsedirektoratet" in page.text


def test_a_measure_nobody_reported_on_says_not_reported(client, loaded):
    from kiraad.models import User

    measure = Measure.objects.filter(latest_update__isnull=True, status="not_started").first()
    assert measure is not None
    client.force_login(User.objects.get(username="sekretariat"))
    text = _visible_text(client.get(measure.get_absolute_url()).text)
    assert "ikke rapportert" in text
    assert "ikke startet" not in text
