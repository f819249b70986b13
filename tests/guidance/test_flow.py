"""The whole journey through the client: ask → track → triage → assign → answer → publish."""

import re

import pytest
from django.core import mail

from guidance.models import Article, Assignment, GuidanceRequest

ASK = {
    "kind": "question",
    "requester_name": "Sentinel Navnesen",
    "requester_email": "sentinel@example.org",
    "organisation": "Sentinel HF",
    "org_kind": "health_trust",
    "title": "Er beslutningsstøtten vår medisinsk utstyr?",
    "question": "Vi vil ta i bruk et verktøy for røntgen.",
    "phase": "procurement",
    "consent": "on",
}


def post(client, user, path, data, capture):
    client.force_login(user)
    with capture(execute=True):
        return client.post(path, data)


@pytest.mark.django_db
def test_full_flow(client, cast, agencies, areas, django_capture_on_commit_callbacks):
    secretariat, hdir, dmp = cast["secretariat"], cast["hdir_rep"], cast["dmp_rep"]
    capture = django_capture_on_commit_callbacks

    # The public asks.
    with capture(execute=True):
        response = client.post(
            "/guidance/ask/", {**ASK, "areas": [areas["law"].pk, areas["devices"].pk]}
        )
    assert response.status_code == 200
    request = GuidanceRequest.objects.get()
    assert re.fullmatch(r"VL-\d{4}-0001", request.reference)
    body = response.content.decode()
    assert request.reference in body
    token = re.search(r"/guidance/track/([A-Za-z0-9_\-]+)/", body).group(1)
    # The requester's receipt; the secretariat is told of the new question apart (no link).
    (receipt,) = [m for m in mail.outbox if m.to == ["sentinel@example.org"]]
    assert token in receipt.body
    assert not any(token in m.body for m in mail.outbox if m is not receipt)
    assert request.dmp_required

    # The requester follows it; the page never shows the e-mail.
    response = client.get(f"/guidance/track/{token}/")
    assert response.status_code == 200
    assert "sentinel@example.org" not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"

    # The secretariat triages and assigns; the portal proposes DMP (2024+) and HDIR.
    pk = request.pk
    assert (
        post(
            client, secretariat, f"/guidance/requests/{pk}/triage/", {"decision": "accept"}, capture
        ).status_code
        == 302
    )
    response = client.get(f"/guidance/requests/{pk}/assign/")
    assert "Direktoratet for medisinske produkter" in response.content.decode()
    response = post(
        client,
        secretariat,
        f"/guidance/requests/{pk}/assign/",
        {
            "lead": agencies["HDIR"].pk,
            "contributors": [agencies["DMP"].pk],
            "due_date": "2030-01-01",
        },
        capture,
    )
    assert response.status_code == 302
    assert set(request.assignments.values_list("agency__code", "role")) == {
        ("HDIR", "lead"),
        ("DMP", "contributor"),
    }

    # Agencies work: a note, a draft, the lead writes the agreed text, both sign off.
    assert (
        post(
            client, dmp, f"/guidance/requests/{pk}/note/", {"text": "Intern merknad"}, capture
        ).status_code
        == 302
    )
    assert (
        post(
            client, dmp, f"/guidance/requests/{pk}/draft/", {"draft": "DMP-del"}, capture
        ).status_code
        == 302
    )
    # DMP is not the lead: it may not write the joint answer.
    assert (
        post(
            client, dmp, f"/guidance/requests/{pk}/answer/", {"answer_text": "x"}, capture
        ).status_code
        == 403
    )
    assert (
        post(
            client,
            hdir,
            f"/guidance/requests/{pk}/answer/",
            {"answer_text": "Felles svar."},
            capture,
        ).status_code
        == 302
    )
    for user in (hdir, dmp):
        assert (
            post(
                client, user, f"/guidance/requests/{pk}/sign-off/", {"confirm": "on"}, capture
            ).status_code
            == 302
        )
    assert not Assignment.objects.filter(request=request, signed_off_at__isnull=True).exists()

    # Without DMP's confirmation the answer cannot be sent.
    response = post(
        client, secretariat, f"/guidance/requests/{pk}/send/", {"confirm": "on"}, capture
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == GuidanceRequest.Status.IN_PROGRESS
    # Only DMP confirms.
    assert (
        post(
            client, hdir, f"/guidance/requests/{pk}/dmp-confirm/", {"confirm": "on"}, capture
        ).status_code
        == 403
    )
    assert (
        post(
            client, dmp, f"/guidance/requests/{pk}/dmp-confirm/", {"confirm": "on"}, capture
        ).status_code
        == 302
    )
    mail.outbox.clear()
    assert (
        post(
            client, secretariat, f"/guidance/requests/{pk}/send/", {"confirm": "on"}, capture
        ).status_code
        == 302
    )
    request.refresh_from_db()
    assert request.status == GuidanceRequest.Status.ANSWERED
    assert mail.outbox[0].to == ["sentinel@example.org"]
    assert "Felles svar." in mail.outbox[0].body

    # The requester reads the answer, not the internal note.
    client.logout()
    page = client.get(f"/guidance/track/{token}/").content.decode()
    assert "Felles svar." in page
    assert "Intern merknad" not in page
    assert "DMP-del" not in page

    assert (
        post(
            client,
            secretariat,
            f"/guidance/requests/{pk}/close/",
            {"unclear_rules": "MDR-klassifisering"},
            capture,
        ).status_code
        == 302
    )

    from guidance.models import Gap

    # The gap names the request, not its text, so retention has nothing to chase there.
    gap = Gap.objects.get(request=request)
    request.refresh_from_db()
    assert gap.title == f"Uklart regelverk fra {request.reference}"
    assert "MDR-klassifisering" in gap.description

    # The secretariat writes a separate public article and publishes it.
    response = post(
        client,
        secretariat,
        f"/guidance/articles/new/?request={pk}",
        {
            "source_request": pk,
            "slug": "ki-som-medisinsk-utstyr",
            "title": "Når er KI medisinsk utstyr?",
            "summary": "Om klassifisering av beslutningsstøtte.",
            "body_markdown": "Beslutningsstøtte er ofte **medisinsk utstyr**."
            "<script>alert(1)</script>",
            "phases": ["procurement"],
            "areas": [areas["devices"].pk],
            "responsible_agency": agencies["DMP"].pk,
            "review_due": "2030-01-01",
        },
        capture,
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert "<script>" not in article.body_html
    assert article.source_request_id == pk
    assert client.get("/kb/ki-som-medisinsk-utstyr/").status_code == 404  # not yet published
    # Publishing needs the checklist.
    assert (
        post(
            client, secretariat, f"/guidance/articles/{article.pk}/publish/", {}, capture
        ).status_code
        == 200
    )
    assert (
        post(
            client,
            secretariat,
            f"/guidance/articles/{article.pk}/publish/",
            {"no_personal_data": "on"},
            capture,
        ).status_code
        == 302
    )

    client.logout()
    kb = client.get("/kb/").content.decode()
    assert "Når er KI medisinsk utstyr?" in kb
    assert "Når er KI medisinsk utstyr?" in client.get("/kb/?q=beslutningsstøtte").content.decode()
    assert "Når er KI medisinsk utstyr?" not in client.get("/kb/?q=finansiering").content.decode()
    page = client.get("/kb/ki-som-medisinsk-utstyr/").content.decode()
    assert "Direktoratet for medisinske produkter" in page
    assert "sentinel" not in page.lower()


@pytest.mark.django_db
def test_form_keeps_input_and_shows_errors(client, areas):
    response = client.post("/guidance/ask/", {**ASK, "requester_email": "ikke-en-adresse"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sentinel Navnesen" in body
    assert "Vi vil ta i bruk et verktøy for røntgen." in body
    assert 'href="#id_requester_email"' in body
    assert not GuidanceRequest.objects.exists()


@pytest.mark.django_db
def test_honeypot_stores_nothing(client, areas):
    response = client.post("/guidance/ask/", {**ASK, "areas_not_sure": "on", "website": "spam"})
    assert response.status_code == 200
    assert not GuidanceRequest.objects.exists()


@pytest.mark.django_db
def test_not_sure_is_enough(client, areas):
    response = client.post("/guidance/ask/", {**ASK, "areas_not_sure": "on"})
    assert response.status_code == 200
    assert GuidanceRequest.objects.get().areas_not_sure


@pytest.mark.django_db
def test_triage_reject_needs_reason_and_referral_names_where(client, cast, tracked):
    request, _token = tracked
    client.force_login(cast["secretariat"])
    path = f"/guidance/requests/{request.pk}/triage/"
    assert client.post(path, {"decision": "reject"}).status_code == 200
    assert client.post(path, {"decision": "refer"}).status_code == 200
    request.refresh_from_db()
    assert request.status == GuidanceRequest.Status.RECEIVED
    response = client.post(path, {"decision": "refer", "referred_to": "REK"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == GuidanceRequest.Status.REFERRED
    assert request.referred_to == "REK"


@pytest.mark.django_db
def test_decline_for_capacity_shows_reason_to_requester(client, cast, tracked):
    request, token = tracked
    client.force_login(cast["secretariat"])
    client.post(
        f"/guidance/requests/{request.pk}/triage/",
        {"decision": "decline", "reason": "Kapasitet (fvl. § 11)"},
    )
    client.logout()
    page = client.get(f"/guidance/track/{token}/").content.decode()
    assert "Kapasitet (fvl. § 11)" in page
