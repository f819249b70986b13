"""Meeting documents are downloaded through a view that checks who may see the meeting."""

import datetime
import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, clear_url_caches, resolve
from django.utils import timezone

from kiraad.meetings import services as svc
from kiraad.models import Meeting, MeetingDocument
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db
S = Meeting.Status
CONTENT = b"%PDF-1.4 sakspapir til KI-radet\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _meeting(status: str) -> Meeting:
    meeting = svc.meeting_plan(
        body=BodyFactory(key=f"ki-radet-{status}", decides=False),
        number=f"KI-rådet {status}",
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=7),
        by=None,
    )
    if status != S.PLANNED:
        svc.meeting_transition(meeting=meeting, to=status, by=None)
    return meeting


def _upload(meeting, *, title="Sakspapir", name="sakspapir.pdf", content=CONTENT, **kw):
    ctype = kw.pop("content_type", "application/pdf")
    upload = SimpleUploadedFile(name, content, content_type=ctype)
    return svc.meeting_document_add(meeting=meeting, title=title, file=upload, by=None, **kw)


@pytest.fixture
def published_doc():
    return _upload(_meeting(S.AGENDA_PUBLISHED))


@pytest.fixture
def draft_doc():
    return _upload(_meeting(S.PLANNED))


def _url(document) -> str:
    return f"/council/documents/{document.pk}/"


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_member_downloads_the_document(client, cast, published_doc):
    client.force_login(cast["dmp_rep"])
    response = client.get(_url(published_doc))
    assert response.status_code == 200
    assert _body(response) == CONTENT
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Sakspapir.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]


def test_anonymous_is_sent_to_login(client, published_doc):
    response = client.get(_url(published_doc))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("dmp_rep", 404),  # a draft meeting does not exist for members (as its page)
        ("hdir_rep", 404),
        ("kin_coordinator", 404),
        ("secretariat", 200),
        ("admin", 200),
    ],
)
def test_a_draft_meetings_document_follows_the_meeting_page(client, cast, draft_doc, who, status):
    client.force_login(cast[who])
    meeting_page = client.get(f"/council/meetings/{draft_doc.meeting_id}/")
    response = client.get(_url(draft_doc))
    assert response.status_code == meeting_page.status_code == status
    if status == 200:
        assert _body(response) == CONTENT


def test_unknown_document_is_404(client, cast):
    client.force_login(cast["secretariat"])
    assert client.get("/council/documents/999999/").status_code == 404


def test_a_file_missing_from_disk_is_404(client, cast, published_doc, media):
    (media / published_doc.file.name).unlink()
    client.force_login(cast["secretariat"])
    assert client.get(_url(published_doc)).status_code == 404


def test_post_is_not_allowed(client, cast, published_doc):
    client.force_login(cast["secretariat"])
    assert client.post(_url(published_doc)).status_code == 405


def test_the_file_name_is_safe(client, cast):
    doc = _upload(_meeting(S.AGENDA_PUBLISHED), title='../../Møte "referat"\r\nutkast.pdf')
    client.force_login(cast["hdir_rep"])
    disposition = client.get(_url(doc))["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "/" not in disposition.split("filename", 1)[1].replace("utf-8''", "")
    assert "\n" not in disposition
    assert "M%C3%B8te_referatutkast.pdf" in disposition  # RFC 5987: filename*=utf-8''…


def test_a_type_outside_the_allowed_list_is_plain_bytes(client, cast):
    """An admin upload is not checked by the service: it must not be served as HTML."""
    meeting = _meeting(S.AGENDA_PUBLISHED)
    doc = MeetingDocument(meeting=meeting, title="Side", content_type="text/html")
    doc.file.save("side.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    client.force_login(cast["hdir_rep"])
    response = client.get(_url(doc))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_text_file_keeps_its_type(client, cast):
    doc = _upload(
        _meeting(S.AGENDA_PUBLISHED),
        title="",
        name="notat.txt",
        content=b"Notat",
        content_type="text/plain",
    )
    client.force_login(cast["hdir_rep"])
    response = client.get(_url(doc))
    assert response["Content-Type"] == "text/plain"
    assert response["Content-Disposition"] == 'attachment; filename="notat.txt"'


def test_the_meeting_page_links_to_the_download(client, cast, published_doc):
    item = svc.agenda_item_add(
        meeting=published_doc.meeting, kind="orientering", title="Sak", by=None
    )
    on_item = _upload(published_doc.meeting, title="Vedlegg", agenda_item=item)
    client.force_login(cast["dmp_rep"])
    page = client.get(f"/council/meetings/{published_doc.meeting_id}/").text
    assert f'href="{_url(published_doc)}"' in page
    assert f'href="{_url(on_item)}"' in page
    assert "/media/" not in page
    assert published_doc.get_absolute_url() == _url(published_doc)


def test_media_urls_do_not_serve_files(client, cast, published_doc):
    client.force_login(cast["secretariat"])
    assert client.get(published_doc.file.url).status_code == 404


def test_media_is_not_routed_even_with_debug(settings, published_doc):
    import kiraad.project.urls

    settings.DEBUG = True
    try:
        clear_url_caches()
        importlib.reload(kiraad.project.urls)
        with pytest.raises(Resolver404):
            resolve(published_doc.file.url)
    finally:
        settings.DEBUG = False
        importlib.reload(kiraad.project.urls)
        clear_url_caches()
