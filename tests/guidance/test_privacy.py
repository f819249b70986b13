"""Requester data is personal data: only the secretariat and assigned agencies see a request."""

import base64
import logging
import secrets

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db.models import CharField, Q, TextField

from guidance.logfilters import RedactTrackingTokens
from guidance.models import Assignment, GuidanceRequest, RequestNote, TrackingToken, hash_token
from guidance.services.answers import request_note_add
from guidance.services.assignment import guidance_request_assign, guidance_request_triage
from guidance.services.email import email_receipt
from guidance.services.knowledge_base import ArticleData, article_publish, article_save
from guidance.services.tracking import (
    tracking_link_resend,
    tracking_token_revoke_all,
)
from guidance.views.actions import ACTIONS
from tests.guidance.conftest import submit

REQUEST_ROUTES = ["", *[f"{action}/" for action in ACTIONS]]


def _rows():
    return (
        GuidanceRequest.objects.count(),
        Assignment.objects.count(),
        RequestNote.objects.count(),
        GuidanceRequest.history.count(),
    )


@pytest.mark.parametrize("route", REQUEST_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_other_agency_gets_404_on_every_request_route(client, cast, hdir_request, route, method):
    client.force_login(cast["dmp_rep"])
    before = _rows()
    response = getattr(client, method)(
        f"/guidance/requests/{hdir_request.pk}/{route}", {"text": "x", "confirm": "on"}
    )
    expected = 405 if (method == "post" and route == "") else 404
    assert response.status_code == expected
    assert _rows() == before


@pytest.mark.parametrize("route", REQUEST_ROUTES)
def test_anonymous_is_sent_to_login(client, hdir_request, route):
    response = client.get(f"/guidance/requests/{hdir_request.pk}/{route}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "status"),
    [("kin_coordinator", 404), ("dmp_rep", 404), ("hdir_rep", 200), ("secretariat", 200)],
)
def test_detail_page_access(client, cast, hdir_request, who, status):
    client.force_login(cast[who])
    assert client.get(f"/guidance/requests/{hdir_request.pk}/").status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [("dmp_rep", 404), ("hdir_rep", 403), ("secretariat", 302)],
)
def test_triage_post_matrix(client, cast, tracked, agencies, who, status):
    request, _token = tracked
    # Make HDIR see it, so the assigned agency's 403 is tested too.
    guidance_request_triage(request=request, decision="accept", by=cast["secretariat"])
    guidance_request_assign(
        request=request, lead=agencies["HDIR"], contributors=[], by=cast["secretariat"]
    )
    client.force_login(cast[who])
    before = GuidanceRequest.history.count()
    response = client.post(f"/guidance/requests/{request.pk}/due/", {"due_date": "2030-01-01"})
    assert response.status_code == status
    if status != 302:
        assert GuidanceRequest.history.count() == before


def test_queue_shows_only_assigned_requests(client, cast, hdir_request, areas):
    unassigned, _t = submit([areas["devices"]], title="Uten etat")
    client.force_login(cast["hdir_rep"])
    page = client.get("/guidance/").content.decode()
    assert hdir_request.reference in page
    assert unassigned.reference not in page
    client.force_login(cast["dmp_rep"])
    page = client.get("/guidance/").content.decode()
    assert hdir_request.reference not in page
    client.force_login(cast["kin_coordinator"])
    assert hdir_request.reference not in client.get("/guidance/").content.decode()
    client.force_login(cast["secretariat"])
    page = client.get("/guidance/").content.decode()
    assert hdir_request.reference in page
    assert unassigned.reference in page


def test_global_permission_does_not_widen_the_queue(client, cast, hdir_request):
    from django.contrib.auth.models import Permission

    from kiraad.access import agency_group

    group = agency_group(cast["dmp_rep"].agency)
    group.permissions.add(Permission.objects.get(codename="view_guidancerequest"))
    client.force_login(cast["dmp_rep"])
    assert hdir_request.reference not in client.get("/guidance/").content.decode()
    assert client.get(f"/guidance/requests/{hdir_request.pk}/").status_code == 404


def test_reassignment_revokes_access(client, cast, agencies, hdir_request):
    guidance_request_assign(
        request=hdir_request, lead=agencies["DMP"], contributors=[], by=cast["secretariat"]
    )
    client.force_login(cast["hdir_rep"])
    assert client.get(f"/guidance/requests/{hdir_request.pk}/").status_code == 404
    client.force_login(cast["dmp_rep"])
    assert client.get(f"/guidance/requests/{hdir_request.pk}/").status_code == 200


# --- tracking tokens -------------------------------------------------------------------------


def test_token_is_drawn_from_the_os_csprng_with_at_least_128_bits(monkeypatch, areas):
    """A guess succeeds with probability ≤ 2⁻¹²⁸ per live token when the token is ≥ 16 bytes
    from the operating system's CSPRNG; that, not a loop of random guesses, is the property."""
    drawn: list[tuple[int | None, str]] = []
    real = secrets.token_urlsafe

    def spy(nbytes=None):
        token = real(nbytes)
        drawn.append((nbytes, token))
        return token

    monkeypatch.setattr(secrets, "token_urlsafe", spy)
    _request, token = submit([areas["law"]])
    nbytes = {t: n for n, t in drawn}.get(token) or 0
    assert nbytes * 8 >= 128, f"{nbytes} random bytes"
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 >= 128


def _rows_holding(text: str) -> list[str]:
    """Every table with a text column that contains `text` (sessions decoded)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if model is Session:
            if any(text in str(s.get_decoded()) for s in Session.objects.all()):
                found.append("django_session")
            continue
        condition = Q()
        for field in model._meta.concrete_fields:
            if isinstance(field, CharField | TextField):
                condition |= Q(**{f"{field.attname}__contains": text})
        if condition and model._default_manager.filter(condition).exists():
            found.append(model._meta.db_table)
    return found


def test_the_database_holds_only_the_hash_of_a_token(
    client, areas, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request, token = submit([areas["law"]])
    assert token in mailoutbox[0].body  # the requester got it…
    client.post(f"/guidance/track/{token}/", {"text": "Et tillegg"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/guidance/resend-link/", {"email": "sentinel@example.org"})
    new_token = mailoutbox[-1].body.split("/guidance/track/")[1].split("/")[0]
    for raw in (token, new_token):
        assert _rows_holding(raw) == []  # …and no table, history or session holds it
    stored = set(TrackingToken.objects.filter(request=request).values_list("token_hash", flat=True))
    assert stored == {hash_token(token), hash_token(new_token)}


def test_wrong_and_revoked_tokens_are_404(client, tracked):
    request, token = tracked
    assert client.get(f"/guidance/track/{token[:-1]}x/").status_code == 404
    assert client.get("/guidance/track/nothing/").status_code == 404
    tracking_token_revoke_all(request=request)
    assert client.get(f"/guidance/track/{token}/").status_code == 404


def test_track_page_hides_email_and_internal_notes(client, cast, agencies, tracked):
    request, token = tracked
    request_note_add(request=request, author=cast["secretariat"], text="Hemmelig notat")
    response = client.get(f"/guidance/track/{token}/")
    body = response.content.decode()
    assert "sentinel@example.org" not in body
    assert "Hemmelig notat" not in body
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"


def test_follow_up_message_from_tracking_page(client, tracked):
    request, token = tracked
    response = client.post(f"/guidance/track/{token}/", {"text": "Et tillegg"})
    assert response.status_code == 302
    assert request.messages.get().text == "Et tillegg"


def test_resend_link_does_not_reveal_whether_address_exists(
    client, tracked, mailoutbox, django_capture_on_commit_callbacks
):
    _request, old = tracked
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/guidance/resend-link/", {"email": "sentinel@example.org"})
    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post("/guidance/resend-link/", {"email": "ingen@example.org"})
    assert known.status_code == unknown.status_code == 200

    def main(response):
        return response.content.decode().split("<main")[1].split("</main>")[0]

    assert main(known) == main(unknown)
    assert [m.to for m in mailoutbox] == [["sentinel@example.org"]]
    new = mailoutbox[0].body.split("/guidance/track/")[1].split("/")[0]
    assert client.get(f"/guidance/track/{new}/").status_code == 200
    assert client.get(f"/guidance/track/{old}/").status_code == 404


def test_asking_for_a_new_link_does_not_revoke_the_old_one(
    client, tracked, mailoutbox, django_capture_on_commit_callbacks
):
    """Whoever knows the requester's address must not cut them off: the old link keeps working
    until the new one is opened (issue 19, defect 3)."""
    _request, old = tracked
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/guidance/resend-link/", {"email": "sentinel@example.org"})
    assert client.get(f"/guidance/track/{old}/").status_code == 200
    assert client.get(f"/guidance/track/{old}/").status_code == 200
    new = mailoutbox[-1].body.split("/guidance/track/")[1].split("/")[0]
    assert client.get(f"/guidance/track/{new}/").status_code == 200
    assert client.get(f"/guidance/track/{old}/").status_code == 404
    assert client.get(f"/guidance/track/{new}/").status_code == 200


def test_token_never_in_celery_args_repr(tracked, monkeypatch, django_capture_on_commit_callbacks):
    from guidance import tasks

    calls = []
    monkeypatch.setattr(tasks.send_link, "apply_async", lambda **kw: calls.append(kw))
    with django_capture_on_commit_callbacks(execute=True):
        tracking_link_resend(email="sentinel@example.org")
    token = calls[0]["args"][1]
    assert token not in calls[0]["argsrepr"]


def test_log_filter_redacts_tokens():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/guidance/track/SECRET/",),
        None,
    )
    RedactTrackingTokens().filter(record)
    assert "SECRET" not in record.getMessage()


def test_the_receipt_links_to_the_tracking_page_on_the_site_url(tracked, mailoutbox, settings):
    settings.SITE_URL = "https://ki-radet.example.no"
    request, token = tracked
    email_receipt(request_id=request.pk, token=token)
    assert f"https://ki-radet.example.no/guidance/track/{token}/" in mailoutbox[-1].body


def test_published_article_carries_no_requester_data(client, cast, agencies, tracked):
    request, _token = tracked
    article = article_save(
        data=ArticleData(
            slug="a",
            title="Offentlig tekst",
            summary="Sammendrag",
            body_markdown="Egen tekst",
            phases=[],
            topics=[],
            areas=[],
            responsible_agency=agencies["HDIR"],
            where_to_turn="",
            normative=False,
            review_due=None,
            source_request=request,
        ),
        by=cast["secretariat"],
    )
    article_publish(article=article, no_personal_data=True, by=cast["secretariat"])
    body = client.get("/kb/a/").content.decode()
    for secret in ("Sentinel", "sentinel@example.org", request.reference):
        assert secret not in body


def test_draft_article_is_not_public(client, agencies):
    from tests.guidance.factories import ArticleFactory

    ArticleFactory(slug="utkast", published=False, responsible_agency=agencies["HDIR"])
    assert client.get("/kb/utkast/").status_code == 404


def test_secretariat_revokes_links(client, cast, tracked):
    request, token = tracked
    client.force_login(cast["secretariat"])
    response = client.post(f"/guidance/requests/{request.pk}/revoke-links/", {"confirm": "on"})
    assert response.status_code == 302
    client.logout()
    assert client.get(f"/guidance/track/{token}/").status_code == 404


def test_post_with_wrong_token_is_404_and_saves_nothing(client, tracked):
    from guidance.models import RequesterMessage

    response = client.post("/guidance/track/wrong-token/", {"text": "hei"})
    assert response.status_code == 404
    assert not RequesterMessage.objects.exists()
