"""Every link a list page builds from its own URL (pages, exports) keeps the list's filters."""

import html
import json
import re

import pytest

from network.models import AIDeployment, Escalation
from tests.network.factories import DeploymentFactory, EscalationFactory

HSO = AIDeployment.Region.HSO
HV = AIDeployment.Region.HV


def _page_links(content: str) -> dict[str, str]:
    """The previous and next links of the pagination, by `rel`."""
    return {
        rel: html.unescape(href)
        for rel, href in re.findall(r'<a class="ds-link" rel="(prev|next)" href="([^"]*)"', content)
    }


@pytest.fixture
def one_per_page(monkeypatch):
    monkeypatch.setattr("network.views.escalations.PAGE_SIZE", 1)
    monkeypatch.setattr("network.views.register.PAGE_SIZE", 1)


def test_public_register_pages_keep_the_filter(client, db, one_per_page):
    DeploymentFactory.create_batch(3, region=HV)
    DeploymentFactory(region=HSO)
    response = client.get("/register/", {"region": HV, "q": "System", "page": 2})
    links = _page_links(response.content.decode())
    assert links == {
        "prev": f"?region={HV}&q=System&page=1",
        "next": f"?region={HV}&q=System&page=3",
    }
    assert response.context["page"].paginator.count == 3


def test_public_register_json_link_keeps_the_filter(client, db):
    DeploymentFactory(region=HV, system="Vestlig")
    DeploymentFactory(region=HSO, system="Østlig")
    content = client.get("/register/", {"region": HV, "page": 1}).content.decode()
    href = html.unescape(re.search(r'href="([^"]*export=json[^"]*)"', content).group(1))
    assert href == f"?region={HV}&export=json"
    results = json.loads(client.get(f"/register/{href}").content)["results"]
    assert [r["system"] for r in results] == ["Vestlig"]


def test_internal_register_pages_and_exports_keep_the_filter(client, cast, one_per_page):
    DeploymentFactory.create_batch(3, region=HV)
    client.force_login(cast["dmp_rep"])
    content = client.get("/network/register/", {"region": HV, "page": 2}).content.decode()
    assert _page_links(content) == {"prev": f"?region={HV}&page=1", "next": f"?region={HV}&page=3"}
    assert f'href="?region={HV}&amp;export=csv"' in content


@pytest.mark.parametrize("view", [None, "awaiting"])
def test_escalation_list_pages_keep_the_filter(client, cast, kin, category, one_per_page, view):
    EscalationFactory.create_batch(
        3, network=kin, category=category, status=Escalation.Status.RAISED
    )
    EscalationFactory(network=kin, category=category, status=Escalation.Status.CLOSED)
    client.force_login(cast["secretariat"])
    params = {"status": "raised", "q": "Eskalering", **({"view": view} if view else {}), "page": 2}
    content = client.get("/network/", params).content.decode()
    keep = "".join(f"{k}={v}&" for k, v in params.items() if k != "page")
    assert _page_links(content) == {"prev": f"?{keep}page=1", "next": f"?{keep}page=3"}


def test_escalation_list_htmx_pages_keep_the_filter(client, cast, kin, category, one_per_page):
    EscalationFactory.create_batch(3, network=kin, category=category)
    client.force_login(cast["secretariat"])
    response = client.get(
        "/network/", {"status": "raised", "page": 2}, headers={"HX-Request": "true"}
    )
    assert _page_links(response.content.decode()) == {
        "prev": "?status=raised&page=1",
        "next": "?status=raised&page=3",
    }
