"""The register publishes what was reviewed (issue 19, defect 4): a new entry is a draft until
someone other than its author, with the review right, publishes it; a published entry can be
withdrawn with a public reason that stays in the public history; contradictory regulatory
fields are refused; the public pages say when an entry last changed and what each field means."""

import pytest

from kiraad.services import ServiceError
from network import services
from network.models import AIDeployment
from tests.network.test_register import FORM

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(client, cast):
    client.force_login(cast["kin_coordinator"])
    response = client.post("/network/register/new/", FORM)
    assert response.status_code == 302
    client.logout()
    return AIDeployment.objects.get(system=FORM["system"])


def _public(client, entry) -> tuple[int, bool, bool]:
    detail = client.get(f"/register/{entry.pk}/").status_code
    listed = entry.system in client.get("/register/").content.decode()
    exported = entry.system in client.get("/register/?export=json").content.decode()
    return detail, listed, exported


def test_a_saved_entry_is_a_draft_and_not_public(client, draft):
    assert draft.publication == AIDeployment.Publication.DRAFT
    assert _public(client, draft) == (404, False, False)


def test_the_author_cannot_publish_their_own_entry(client, cast, draft):
    client.force_login(cast["kin_coordinator"])
    response = client.post(f"/network/register/{draft.pk}/publish/", follow=True)
    assert "Someone other than the author" in response.content.decode() or (
        "Noen andre enn forfatteren" in response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.publication == AIDeployment.Publication.DRAFT


def test_without_the_review_right_publishing_is_forbidden(client, cast, draft):
    client.force_login(cast["hdir_rep"])
    assert client.post(f"/network/register/{draft.pk}/publish/").status_code == 403


def test_a_reviewer_publishes_and_the_public_sees_it_with_its_date(client, cast, draft):
    client.force_login(cast["secretariat"])
    assert client.post(f"/network/register/{draft.pk}/publish/").status_code == 302
    client.logout()
    draft.refresh_from_db()
    assert draft.publication == AIDeployment.Publication.PUBLISHED
    assert draft.public_changed_at is not None
    assert _public(client, draft) == (200, True, True)
    page = client.get(f"/register/{draft.pk}/").content.decode()
    assert "Last changed" in page or "Sist endret" in page
    assert "/register/fields/" in page


def test_a_change_to_a_public_field_waits_for_review(client, cast, draft):
    published = services.deployment_publish(deployment=draft, by=cast["secretariat"])
    data = {name: getattr(published, name) for name in services.DeploymentData.__dataclass_fields__}
    data["phase"] = AIDeployment.Phase.IN_OPERATION
    services.deployment_update(
        deployment=published, by=cast["kin_coordinator"], data=services.DeploymentData(**data)
    )
    published.refresh_from_db()
    assert published.publication == AIDeployment.Publication.DRAFT
    # The reviewer may publish it; the one who changed it may not.
    with pytest.raises(ServiceError):
        services.deployment_publish(deployment=published, by=cast["kin_coordinator"])
    services.deployment_publish(deployment=published, by=cast["secretariat"])
    history = client.get(f"/register/{published.pk}/").context["history"]
    assert [entry.kind for entry in history] == ["changed", "created"]


def test_withdrawn_with_a_public_reason_that_stays_in_the_history(client, cast, draft):
    services.deployment_publish(deployment=draft, by=cast["secretariat"])
    client.force_login(cast["secretariat"])
    refused = client.post(f"/network/register/{draft.pk}/withdraw/", {"withdraw-reason": ""})
    assert refused.status_code == 302
    draft.refresh_from_db()
    assert draft.publication == AIDeployment.Publication.PUBLISHED
    client.post(
        f"/network/register/{draft.pk}/withdraw/",
        {"withdraw-reason": "Feil risikoklasse; rettes og publiseres på nytt"},
    )
    client.logout()
    draft.refresh_from_db()
    assert draft.publication == AIDeployment.Publication.WITHDRAWN
    detail, listed, exported = _public(client, draft)
    assert (detail, listed, exported) == (200, False, False)
    response = client.get(f"/register/{draft.pk}/")
    assert "Feil risikoklasse" in response.content.decode()
    kinds = [(entry.kind, entry.reason) for entry in response.context["history"]]
    assert kinds[0] == ("withdrawn", "Feil risikoklasse; rettes og publiseres på nytt")


def test_not_a_medical_device_with_an_mdr_class_is_refused(client, cast):
    client.force_login(cast["kin_coordinator"])
    response = client.post(
        "/network/register/new/",
        {**FORM, "regulatory_status": "not_device", "mdr_risk_class": "IIb"},
    )
    assert response.status_code == 200
    assert "cannot have an MDR risk class" in response.content.decode() or (
        "kan ikke ha en risikoklasse" in response.content.decode()
    )
    assert AIDeployment.objects.count() == 0
    data = {**FORM, "regulatory_status": "not_device", "mdr_risk_class": "IIb"}
    with pytest.raises(ServiceError):
        services.deployment_create(
            data=services.DeploymentData(
                **data,
                intended_use_statement="",
                parent=None,
                benefit_notes="",
                cost_notes="",
                contact_name="",
                contact_email="",
                internal_note="",
            ),
            reported_by=cast["kin_coordinator"],
            reporting_agency=None,
        )


def test_the_fields_page_defines_every_public_field(client, db):
    response = client.get("/register/fields/")
    assert response.status_code == 200
    labels = [str(label) for label, _definition in response.context["fields"]]
    for name in AIDeployment.PUBLIC_FIELDS:
        assert str(AIDeployment._meta.get_field(name).verbose_name) in labels
