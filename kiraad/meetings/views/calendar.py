"""Calendars: a meeting as an iCal file, the personal iCal feeds and their tokens."""

import datetime

import icalendar
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiraad import selectors as core_selectors
from kiraad.http import AuthenticatedHttpRequest
from kiraad.meetings import access, selectors
from kiraad.meetings import services as svc
from kiraad.meetings.models import CalendarToken, Meeting
from kiraad.models import Body


def _calendar(meetings: list[Meeting], name: str, *, method: str = "PUBLISH") -> bytes:
    """The meetings as iCalendar. A meeting keeps its UID for life and its SEQUENCE rises with
    every change members are told about, so calendars update the event instead of adding one;
    a cancelled meeting is STATUS:CANCELLED (and, alone, METHOD:CANCEL)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//KI-rådet//portal//NO")
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Oslo")
    for meeting in meetings:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@ki-radet")
        event.add("sequence", meeting.sequence)
        event.add("summary", str(meeting))
        event.add("dtstamp", timezone.now())
        start = timezone.localtime(meeting.starts_at)
        if meeting.time_known:
            event.add("dtstart", start)
            event.add(
                "dtend",
                timezone.localtime(meeting.ends_at)
                if meeting.ends_at
                else start + datetime.timedelta(hours=2),
            )
        else:
            event.add("dtstart", start.date())
        if meeting.place or meeting.video_link:
            event.add("location", meeting.place or meeting.video_link)
        if meeting.video_link:
            event.add("url", meeting.video_link)
        cancelled = meeting.status == Meeting.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk)
    method = "CANCEL" if meeting.status == Meeting.Status.CANCELLED else "PUBLISH"
    return _ics_response(
        _calendar([meeting], str(meeting), method=method), f"meeting-{meeting.pk}.ics"
    )


@login_not_required
@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str, body_key: str) -> HttpResponse:
    """The token is the credential; a wrong or revoked token answers 404."""
    user = svc.calendar_token_user(token=token)
    body = Body.objects.filter(key=body_key).first()
    if user is None or body is None:
        raise Http404
    meetings = selectors.meetings_for_calendar(body=body, user=user)
    return _ics_response(_calendar(meetings, body.name), f"{body.key}.ics")


@require_http_methods(["GET", "POST"])
def calendar_tokens(request: AuthenticatedHttpRequest) -> HttpResponse:
    new_url = None
    if request.method == "POST":
        token = svc.calendar_token_create(user=request.user)
        body = core_selectors.body_get()
        new_url = request.build_absolute_uri(
            reverse("kiraad:calendar-feed", args=[token, body.key if body else "ki-radet"])
        )
    tokens = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request, "kiraad/calendar_tokens.html", {"tokens": list(tokens), "new_url": new_url}
    )


@require_POST
def calendar_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = access.access_calendar_token(request.user, pk)
    svc.calendar_token_revoke(token=token, by=request.user)
    return redirect("kiraad:calendar-tokens")
