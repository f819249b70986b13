"""Requester data is personal data: only the secretariat and assigned agencies see a request."""

import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.logfilters import RedactTrackingTokens
from guidance.models import Assignment, GuidanceRequest, RequestNote, TrackingToken, hash_token
from guidance.selectors import tracking_token_lookup
from guidance.services.answers import request_note_add
from guidance.services.assignment import guidance_request_assign, guidance_request_triage
from guidance.services.email import email_receipt
from guidance.services.knowledge_base import ArticleData, article_publish, article_save
from guidance.services.tracking import (
    requester_message_add,
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


def test_token_is_long_random_and_stored_only_as_hash(tracked):
    request, token = tracked
    assert len(token) >= 43  # 32 bytes, base64url
    row = TrackingToken.objects.get(request=request)
    assert row.token_hash == hash_token(token)
    assert token not in row.token_hash
    assert not TrackingToken.objects.filter(token_hash=token).exists()


def test_wrong_and_revoked_tokens_are_404(client, tracked):
    request, token = tracked
    assert client.get(f"/guidance/track/{token[:-1]}x/").status_code == 404
    assert client.get("/guidance/track/nothing/").status_code == 404
    tracking_token_revoke_all(request=request)
    assert client.get(f"/guidance/track/{token}/").status_code == 404


def test_random_guesses_find_nothing(tracked):
    import secrets

    hits = sum(
        tracking_token_lookup(token=secrets.token_urlsafe(32)) is not None for _ in range(10_000)
    )
    assert hits == 0


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
    assert client.get(f"/guidance/track/{old}/").status_code == 404
    new = mailoutbox[0].body.split("/guidance/track/")[1].split("/")[0]
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


def test_queue_queries_do_not_grow(client, cast, agencies, areas):
    client.force_login(cast["secretariat"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/guidance/").status_code == 200
        return len(ctx)

    def make(n):
        for i in range(n):
            request, _t = submit([areas["law"], areas["devices"]], title=f"T{i}")
            guidance_request_triage(request=request, decision="accept", by=cast["secretariat"])
            guidance_request_assign(
                request=request,
                lead=agencies["HDIR"],
                contributors=[agencies["DMP"]],
                by=cast["secretariat"],
            )

    make(2)
    few = count()
    make(10)
    assert count() == few


def test_agency_queue_queries_do_not_grow(client, cast, agencies, areas):
    client.force_login(cast["hdir_rep"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get("/guidance/")
        return len(ctx)

    def make(n):
        for i in range(n):
            request, _t = submit([areas["law"]], title=f"T{i}")
            guidance_request_triage(request=request, decision="accept", by=cast["secretariat"])
            guidance_request_assign(
                request=request, lead=agencies["HDIR"], contributors=[], by=cast["secretariat"]
            )

    make(2)
    few = count()
    make(8)
    assert count() == few


def test_kb_queries_do_not_grow(client, agencies, areas):
    from tests.guidance.factories import ArticleFactory

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/kb/").status_code == 200
        return len(ctx)

    def make(n):
        for _ in range(n):
            ArticleFactory(responsible_agency=agencies["HDIR"]).areas.set([areas["law"]])

    make(2)
    few = count()
    make(15)
    assert count() == few


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


def test_detail_queries_do_not_grow(client, cast, agencies, areas, hdir_request):
    client.force_login(cast["secretariat"])
    path = f"/guidance/requests/{hdir_request.pk}/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    few = count()
    for i in range(6):
        request_note_add(request=hdir_request, author=cast["hdir_rep"], text=f"n{i}")
        requester_message_add(request=hdir_request, text=f"m{i}")
    guidance_request_assign(
        request=hdir_request,
        lead=agencies["HDIR"],
        contributors=[agencies["DMP"], agencies["KIN"]],
        by=cast["secretariat"],
    )
    # History grows, but its rendering is two queries whatever the length.
    assert count() == few


def test_tracking_tokens_carry_at_least_256_bits_and_are_stored_only_as_a_hash(tracked):
    import base64

    from guidance.models import TrackingToken

    request, token = tracked
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 >= 256
    stored = TrackingToken.objects.get(request=request)
    stored_values = [str(getattr(stored, f.attname)) for f in TrackingToken._meta.fields]
    assert token not in stored_values
    assert not any(token in value for value in stored_values)
