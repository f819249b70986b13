"""Calendars: a meeting as an iCal file, the personal iCal feeds and their tokens."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiraad import selectors as core_selectors
from kiraad.http import AuthenticatedHttpRequest
from kiraad.meetings import access, ical, selectors
from kiraad.meetings import services as svc


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk)
    return _ics_response(ical.meeting_calendar(meeting), f"meeting-{meeting.pk}.ics")


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str, body_key: str) -> HttpResponse:
    """The token is the credential; a wrong or revoked token answers 404."""
    user = svc.calendar_token_user(token=token)
    body = core_selectors.body_get(key=body_key)
    if user is None or body is None:
        raise Http404
    meetings = selectors.meetings_for_calendar(body=body, user=user)
    return _ics_response(ical.calendar(meetings, body.name), f"{body.key}.ics")


@require_http_methods(["GET", "POST"])
def calendar_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    new_url = None
    if request.method == "POST":
        token = svc.calendar_token_create(user=request.user)
        body = core_selectors.body_get()
        new_url = request.build_absolute_uri(
            reverse("kiraad:calendar-feed", args=[token, body.key if body else "ki-radet"])
        )
    tokens = selectors.calendar_tokens_active(user=request.user)
    return render(request, "kiraad/calendar_tokens.html", {"tokens": tokens, "new_url": new_url})


@require_POST
def calendar_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = access.access_calendar_token(request.user, pk)
    svc.calendar_token_revoke(token=token, by=request.user)
    return redirect("kiraad:calendar-tokens")
