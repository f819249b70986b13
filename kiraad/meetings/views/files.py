"""A meeting's files: its documents, the minutes PDF and the agenda PDF (the invitation)."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.text import get_valid_filename
from django.views.decorators.http import require_GET

from kiraad.meetings import access, selectors
from kiraad.meetings import cache as meeting_cache
from kiraad.meetings import services as svc
from kiraad.meetings.models import MeetingDocument

# The content type a download is served with follows from the file's extension and the list of
# types an upload may have; anything else (an admin upload, say) is plain bytes.
DOCUMENT_TYPES_BY_EXTENSION = {ext: ctype for ctype, ext in svc.ALLOWED_DOCUMENT_TYPES.items()}


def _download_name(document: MeetingDocument) -> str:
    """The title as a file name: no path, quotes or control characters; the stored extension."""
    extension = Path(document.file.name or "").suffix.lower()
    stem = document.title.strip()
    if extension and stem.lower().endswith(extension):
        stem = stem[: -len(extension)]
    try:
        stem = get_valid_filename(stem).lstrip(".")[:100]
    except SuspiciousFileOperation:  # nothing usable left of the title
        stem = ""
    return f"{stem or 'dokument'}{extension}"


@require_GET
def meeting_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A meeting document, to whoever may see the meeting; never served from /media/."""
    document = access.access_meeting_document(request.user, pk)
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError) as exc:  # no file stored, or missing from the disk
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=_download_name(document),
        content_type=DOCUMENT_TYPES_BY_EXTENSION.get(
            Path(document.file.name or "").suffix.lower(), "application/octet-stream"
        ),
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True)
    return response


# --- PDF ------------------------------------------------------------------------------------


def _refuse_urls(url: str, *args, **kwargs):
    raise ValueError(f"External resources are not loaded: {url}")


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def meeting_minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes (?version=N: that version), rendered in the request: one to a few pages,
    well under a second even at the longest minutes allowed, and then kept until the meeting
    changes (kiraad/meetings/cache.py)."""
    meeting = access.access_meeting(request.user, pk)
    if not access.minutes_visible(request.user, meeting):
        raise Http404
    asked = request.GET.get("version", "")
    asked = asked if asked.isdigit() else ""

    def render() -> bytes:
        import weasyprint

        detail = selectors.meeting_detail(meeting=meeting)
        version = selectors.minutes_version_for_pdf(detail, asked)
        html = render_to_string(
            "kiraad/meeting_minutes_pdf.html",
            {
                "detail": detail,
                "meeting": meeting,
                "minutes_text": version.text if version else meeting.minutes,
                "approval_label": selectors.version_approval_label(version)
                if version
                else detail.approval_label,
            },
        )
        return weasyprint.HTML(string=html, url_fetcher=_refuse_urls).write_pdf()

    pdf = meeting_cache.meeting_pdf(meeting=meeting, variant=f"minutes:{asked}", render=render)
    return _pdf_response(pdf, f"referat-{meeting.pk}.pdf")


@require_GET
def meeting_agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The invitation: the agenda with each item's documents and the meeting's own, as a PDF,
    to whoever may see the meeting (members once the agenda is published). Rendered in the
    request and kept until the meeting changes, as the minutes are."""
    meeting = access.access_meeting(request.user, pk)

    def render() -> bytes:
        import weasyprint

        detail = selectors.meeting_detail(meeting=meeting)
        html = render_to_string(
            "kiraad/meeting_agenda_pdf.html",
            {"detail": detail, "meeting": meeting, "site_url": settings.SITE_URL},
        )
        return weasyprint.HTML(string=html, url_fetcher=_refuse_urls).write_pdf()

    pdf = meeting_cache.meeting_pdf(meeting=meeting, variant="agenda", render=render)
    return _pdf_response(pdf, f"saksliste-{meeting.pk}.pdf")
