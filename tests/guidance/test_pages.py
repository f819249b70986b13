"""Staff pages: meetings, gaps, themes, articles, the dashboard panel; and the demo loader."""

import datetime

import pytest
from django.utils import timezone

from guidance.models import Article, Gap, GuidanceMeeting
from guidance.services.assignment import guidance_request_set_due_date
from tests.guidance.factories import ArticleFactory, GuidanceMeetingFactory, GuidanceRequestFactory
from tests.history_helpers import reason_en

STAFF_PAGES = [
    "/guidance/meetings/",
    "/guidance/gaps/",
    "/guidance/themes/",
]
SECRETARIAT_PAGES = [
    "/guidance/articles/",
    "/guidance/articles/new/",
    "/guidance/meetings/new/",
]


@pytest.mark.parametrize("path", STAFF_PAGES + SECRETARIAT_PAGES)
def test_anonymous_redirected(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize(
    ("who", "status"),
    [("kin_coordinator", 403), ("dmp_rep", 200), ("hdir_rep", 200), ("secretariat", 200)],
)
def test_staff_pages(client, cast, areas, path, who, status):
    client.force_login(cast[who])
    assert client.get(path).status_code == status


@pytest.mark.parametrize("path", SECRETARIAT_PAGES)
@pytest.mark.parametrize(
    ("who", "status"), [("dmp_rep", 403), ("hdir_rep", 403), ("secretariat", 200)]
)
def test_secretariat_pages(client, cast, areas, path, who, status):
    client.force_login(cast[who])
    assert client.get(path).status_code == status


@pytest.mark.parametrize(("who", "status"), [("dmp_rep", 403), ("secretariat", 302)])
def test_gap_post_matrix(client, cast, areas, who, status):
    client.force_login(cast[who])
    response = client.post(
        "/guidance/gaps/", {"title": "Mangler veiledning", "area": areas["law"].pk}
    )
    assert response.status_code == status
    assert Gap.objects.count() == (1 if status == 302 else 0)


def test_meeting_create_and_visibility(client, cast, agencies, areas):
    client.force_login(cast["secretariat"])
    response = client.post(
        "/guidance/meetings/new/",
        {
            "title": "Veiledningsmøte med klyngen",
            "community": "Demo-klynge",
            "status": "held",
            "held_on": "2026-03-01",
            "phase": "development",
            "invited_agencies": [agencies["HDIR"].pk],
            "areas": [areas["law"].pk],
            "decision_makers": "Innkjøpsansvarlig",
            "unclear_rules": "Testing før REK",
        },
    )
    assert response.status_code == 302
    meeting = GuidanceMeeting.objects.get()
    client.force_login(cast["hdir_rep"])
    assert client.get(f"/guidance/meetings/{meeting.pk}/").status_code == 200
    assert client.get(f"/guidance/meetings/{meeting.pk}/edit/").status_code == 403
    assert "Veiledningsmøte med klyngen" in client.get("/guidance/meetings/").content.decode()
    client.force_login(cast["dmp_rep"])
    assert client.get(f"/guidance/meetings/{meeting.pk}/").status_code == 404
    assert "Veiledningsmøte med klyngen" not in client.get("/guidance/meetings/").content.decode()


def test_themes_count_requests_and_meetings(client, cast, areas):
    request = GuidanceRequestFactory(phase="testing")
    request.areas.set([areas["law"]])
    meeting = GuidanceMeetingFactory(phase="testing")
    meeting.areas.set([areas["law"]])
    client.force_login(cast["secretariat"])
    body = client.get("/guidance/themes/").content.decode()
    assert "Helselovgivningen" in body


def test_offer_meeting_from_request(client, cast, hdir_request):
    client.force_login(cast["secretariat"])
    response = client.post(
        f"/guidance/requests/{hdir_request.pk}/meeting/", {"held_on": "2030-01-01"}
    )
    assert response.status_code == 302
    meeting = GuidanceMeeting.objects.get(request=hdir_request)
    assert meeting.status == GuidanceMeeting.Status.OFFERED
    assert list(meeting.invited_agencies.values_list("code", flat=True)) == ["HDIR"]


def test_unpublish_needs_reason_and_confirmation(client, cast, agencies):
    article = ArticleFactory(slug="a1", responsible_agency=agencies["HDIR"])
    client.force_login(cast["secretariat"])
    path = f"/guidance/articles/{article.pk}/unpublish/"
    assert client.post(path, {"reason": "Utdatert"}).status_code == 200
    assert Article.objects.get().published
    assert client.post(path, {"reason": "Utdatert", "confirm": "on"}).status_code == 302
    article.refresh_from_db()
    assert not article.published
    assert "Utdatert" in reason_en(article.history.first())
    client.logout()
    assert client.get("/kb/a1/").status_code == 404


def test_article_past_review_is_flagged(client, agencies):
    ArticleFactory(
        slug="gammel",
        responsible_agency=agencies["HDIR"],
        review_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = client.get("/kb/gammel/")
    assert response.status_code == 200
    assert (
        "past its review date" in response.content.decode()
        or "gjennomgang" in response.content.decode()
    )


def test_dashboard_panel_overdue(client, cast, agencies, hdir_request, areas):
    guidance_request_set_due_date(
        request=hdir_request,
        due_date=timezone.localdate() - datetime.timedelta(days=1),
        by=cast["secretariat"],
    )
    ArticleFactory(
        slug="gml",
        title="Gammel artikkel",
        responsible_agency=agencies["HDIR"],
        review_due=timezone.localdate() - datetime.timedelta(days=1),
    )
    for who, sees in [("secretariat", True), ("hdir_rep", True), ("dmp_rep", False)]:
        client.force_login(cast[who])
        body = client.get("/").content.decode()
        assert (hdir_request.reference in body) is sees, who
    client.force_login(cast["hdir_rep"])
    assert "Gammel artikkel" in client.get("/").content.decode()
    client.force_login(cast["kin_coordinator"])
    assert client.get("/").status_code == 200


def test_demo_loader_is_idempotent(cast, agencies, areas, tmp_path):
    from tests.factories import AgencyFactory

    AgencyFactory(code="DATATILSYNET", name="Datatilsynet")
    from guidance.seed import load_demo

    load_demo(data_dir=tmp_path, log=lambda _m: None)
    load_demo(data_dir=tmp_path, log=lambda _m: None)
    from guidance.models import GuidanceRequest

    assert GuidanceRequest.objects.count() == 4  # answered, overdue, in progress, newly received
    article = Article.objects.get()
    assert article.published
    assert article.source_request.status == GuidanceRequest.Status.CLOSED


def test_unclear_rules_become_gaps(client, cast, agencies, areas):
    client.force_login(cast["secretariat"])
    client.post(
        "/guidance/meetings/new/",
        {
            "title": "Møte",
            "community": "Klynge",
            "status": "held",
            "areas": [areas["law"].pk],
            "unclear_rules": "Testing før REK-godkjenning",
        },
    )
    gap = Gap.objects.get()
    assert gap.meeting is not None
    assert gap.responsible_agency == agencies["HDIR"]


SECRETARIAT_REQUEST_ACTIONS = ["triage", "areas", "due", "meeting", "note", "send", "anonymise"]


@pytest.mark.parametrize("action", SECRETARIAT_REQUEST_ACTIONS)
def test_secretariat_action_pages_render(client, cast, hdir_request, action):
    client.force_login(cast["secretariat"])
    assert client.get(f"/guidance/requests/{hdir_request.pk}/{action}/").status_code == 200


@pytest.mark.parametrize("action", ["note", "draft", "answer", "sign-off"])
def test_lead_agency_action_pages_render(client, cast, hdir_request, action):
    client.force_login(cast["hdir_rep"])
    assert client.get(f"/guidance/requests/{hdir_request.pk}/{action}/").status_code == 200


def test_article_and_meeting_edit_pages_render(client, cast, agencies, hdir_request):
    article = ArticleFactory(responsible_agency=agencies["HDIR"], source_request=hdir_request)
    meeting = GuidanceMeetingFactory()
    client.force_login(cast["secretariat"])
    assert client.get(f"/guidance/articles/{article.pk}/").status_code == 200
    assert client.get(f"/guidance/articles/{article.pk}/publish/").status_code == 200
    assert client.get(f"/guidance/articles/new/?request={hdir_request.pk}").status_code == 200
    assert client.get(f"/guidance/meetings/{meeting.pk}/edit/").status_code == 200
    assert client.get(f"/guidance/meetings/{meeting.pk}/").status_code == 200
    assert client.get("/guidance/articles/").status_code == 200


def test_kb_filters(client, agencies, areas):
    a = ArticleFactory(title="Om testing", phases=["testing"], responsible_agency=agencies["HDIR"])
    a.areas.set([areas["law"]])
    ArticleFactory(
        title="Om anskaffelse", phases=["procurement"], responsible_agency=agencies["HDIR"]
    )
    body = client.get("/kb/?phase=testing").content.decode()
    assert "Om testing" in body
    assert "Om anskaffelse" not in body
    body = client.get("/kb/?area=helselovgivningen").content.decode()
    assert "Om testing" in body
    assert "Om anskaffelse" not in body


def test_the_queue_pages_through_every_request_newest_first(client, cast):
    now = timezone.now()
    for i in range(60):
        GuidanceRequestFactory(
            title=f"Forespørsel nr. {i:02d}", received_at=now - datetime.timedelta(minutes=i)
        )
    GuidanceRequestFactory(title="Lukket sak", closed=True, received_at=now)
    client.force_login(cast["secretariat"])
    first = client.get("/guidance/?status=open").content.decode()
    assert "60 forespørsler" in first
    assert "Forespørsel nr. 00" in first
    assert "Forespørsel nr. 49" in first
    assert "Forespørsel nr. 50" not in first
    assert "Lukket sak" not in first
    assert 'href="?status=open&amp;page=2"' in first  # the filter is kept
    second = client.get("/guidance/?status=open&page=2").content.decode()
    assert "Forespørsel nr. 50" in second
    assert "Forespørsel nr. 59" in second
    assert "Forespørsel nr. 49" not in second
    # A page number past the end shows the last page rather than an error.
    assert "Forespørsel nr. 59" in client.get("/guidance/?status=open&page=99").content.decode()


@pytest.mark.parametrize("who", ["secretariat", "hdir_rep", "dmp_rep"])
def test_capabilities_from_the_pages_assignments_match_those_read_alone(cast, hdir_request, who):
    from guidance import access, selectors

    obj = selectors.guidance_request_detail_qs().get(pk=hdir_request.pk)
    assignments = selectors.request_detail(request=obj).assignments
    assert access.request_capabilities(
        cast[who], obj, assignments=assignments
    ) == access.request_capabilities(cast[who], hdir_request)


@pytest.mark.django_db
def test_article_slug_taken_excludes_the_article_itself(agencies):
    from guidance import selectors

    article = ArticleFactory(slug="tatt", responsible_agency=agencies["HDIR"])
    assert selectors.article_slug_taken(slug="tatt")
    assert not selectors.article_slug_taken(slug="tatt", exclude_pk=article.pk)
    assert not selectors.article_slug_taken(slug="ledig")
