"""Error pages in the layout and the reader's language, and no dead ends (issue 21)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import path

from kiraad.project import urls as portal_urls

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("deliberate failure for the 500 page")


urlpatterns = [*portal_urls.urlpatterns, path("boom/", _boom)]
handler500 = portal_urls.handler500


def _english(client):
    client.cookies["django_language"] = "en"


@pytest.mark.parametrize(("language", "text"), [("nb", "Siden finnes ikke"), ("en", "not found")])
def test_404_in_the_layout_and_the_chosen_language(client, cast, settings, language, text):
    settings.DEBUG = False
    client.force_login(cast["hdir_rep"])
    if language == "en":
        _english(client)
    response = client.get("/measures/999999/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'class="portal-header"' in body
    assert f'<html lang="{language}"' in body
    assert text in body


def test_405_has_a_page_in_norwegian(client, cast):
    client.force_login(cast["hdir_rep"])
    response = client.post("/measures/")
    assert response.status_code == 405
    body = response.content.decode()
    assert "Denne adressen tar ikke imot den typen forespørsel" in body
    assert 'class="portal-header"' in body
    assert "GET" in response["Allow"]


def test_429_has_a_page(client, rf):
    from django.http import HttpResponse
    from django.utils import translation

    from kiraad.error_views import ErrorPageMiddleware

    request = rf.get("/kb/")
    request.user = AnonymousUser()
    # No LocaleMiddleware on a bare request: pin the language a visitor would have chosen, so
    # a test that left English active before this one cannot change the answer.
    with translation.override("nb"):
        page = ErrorPageMiddleware(lambda r: HttpResponse(status=429))(request)
    assert page.status_code == 429
    assert "For mange forespørsler" in page.content.decode()


def test_csrf_failure_in_the_layout_and_in_norwegian(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["hdir_rep"])
    response = client.post("/accounts/logout/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Skjemaet er utløpt" in body
    assert 'class="portal-header"' in body


@pytest.mark.urls(__name__)
def test_500_in_the_layout_and_in_english_when_chosen(cast, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(cast["hdir_rep"])
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Noe gikk galt" in response.content.decode()
    assert 'class="portal-header"' in response.content.decode()
    _english(client)
    english = client.get("/boom/").content.decode()
    assert "Something went wrong" in english
    assert '<html lang="en"' in english


def test_language_switch_works_from_a_no_referrer_page():
    """Browsers post from «Referrer-Policy: no-referrer» pages with `Origin: null`."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/guidance/track/abc/"},
        HTTP_ORIGIN="null",
    )
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"
    assert response["Location"] == "/guidance/track/abc/"
    elsewhere = client.post(
        "/i18n/setlang/", {"language": "en", "next": "https://evil.example/"}, HTTP_ORIGIN="null"
    )
    assert "evil.example" not in elsewhere.get("Location", "")


def test_favicon_and_manifest_are_served(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    page = client.get("/kb/").content.decode()
    assert 'rel="manifest"' in page
    assert 'rel="icon"' in page


def test_coordinator_sees_no_links_to_pages_they_may_not_open(client, cast):
    client.force_login(cast["kin_coordinator"])
    page = client.get("/guidance/").content.decode()
    for path_ in ("/guidance/meetings/", "/guidance/gaps/", "/guidance/themes/"):
        assert f'href="{path_}"' not in page
        assert client.get(path_).status_code == 403
    client.force_login(cast["hdir_rep"])
    page = client.get("/guidance/").content.decode()
    for path_ in ("/guidance/meetings/", "/guidance/gaps/", "/guidance/themes/"):
        assert f'href="{path_}"' in page


def test_english_dates_are_unambiguous():
    import datetime

    from django.utils import formats, translation

    day = datetime.date(2027, 5, 12)
    with translation.override("en"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "2027-05-12"
        assert formats.date_format(day) == "12 May 2027"
    with translation.override("nb"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "12.05.2027"


def test_articles_and_register_entries_carry_their_language_in_english(client):
    """The interface is English; the article and the register entry stay Norwegian text."""
    from tests.guidance.factories import ArticleFactory
    from tests.network.factories import DeploymentFactory

    article = ArticleFactory()
    deployment = DeploymentFactory()
    _english(client)
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en"' in page
    assert f'data-size="lg" lang="nb">{article.title}</h1>' in page
    register = client.get(f"/register/{deployment.pk}/").content.decode()
    assert f'data-size="lg" lang="nb">{deployment.system}</h1>' in register


def test_an_english_note_on_a_norwegian_page_is_marked_english(client, cast):
    from tests.measures.factories import MeasureFactory

    measure = MeasureFactory(note="Fold target of FP2020-05.", note_language="en")
    client.force_login(cast["hdir_rep"])
    page = client.get(f"/measures/{measure.pk}/").content.decode()
    assert '<p class="ds-paragraph" lang="en">Fold target of FP2020-05.</p>' in page
