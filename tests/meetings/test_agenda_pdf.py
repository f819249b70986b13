"""The invitation (issue 16): an agenda PDF listing the agenda and the meeting's documents,
linked from the meeting page and, with an absolute link, from the «agenda published» e-mail."""

import datetime
import io

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from kiraad.meetings import services as svc
from kiraad.models import Mandate, Meeting, MeetingDocument, Membership, Representative
from tests.factories import BodyFactory

pytestmark = pytest.mark.django_db


def test_members_download_the_agenda_pdf_with_items_and_documents(
    client, cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://ki-radet.example.no"
    body = BodyFactory(key="ki-radet", decides=False)
    mandate = Mandate.objects.create(body=body, key="m", title="Mandat")
    membership = Membership.objects.create(mandate=mandate, agency=cast["dmp_rep"].agency)
    Representative.objects.create(membership=membership, user=cast["dmp_rep"])
    meeting = svc.meeting_plan(
        body=body,
        number="KI-rådet 4/2027",
        title="",
        starts_at=timezone.now() + datetime.timedelta(days=10),
        place="Oslo",
        by=None,
    )
    item = svc.agenda_item_add(meeting=meeting, kind="rad", title="Skytjenester", by=None)
    MeetingDocument.objects.create(
        meeting=meeting, agenda_item=item, title="Notat om sky", file=ContentFile(b"x", "n.pdf")
    )
    MeetingDocument.objects.create(
        meeting=meeting, title="Årsplan", file=ContentFile(b"x", "a.pdf")
    )
    client.force_login(cast["dmp_rep"])
    url = f"/council/meetings/{meeting.pk}/agenda.pdf"
    assert client.get(url).status_code == 404  # a draft: the secretariat's only

    with django_capture_on_commit_callbacks(execute=True):
        svc.meeting_transition(meeting=meeting, to=Meeting.Status.AGENDA_PUBLISHED, by=None)
    (message,) = mail.outbox
    assert f"https://ki-radet.example.no{url}" in message.body
    assert any(a[0].endswith(".ics") for a in message.attachments)

    assert url in client.get(f"/council/meetings/{meeting.pk}/").text
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("KI-rådet 4/2027", "Skytjenester", "Notat om sky", "Årsplan", "Oslo"):
        assert expected in text
