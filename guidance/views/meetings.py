"""Guidance meetings with a community: list, record, edit, read."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guidance import access, selectors
from guidance.forms.meetings import MeetingForm
from guidance.services.meetings import guidance_meeting_save
from kiraad.access import is_secretariat, require_secretariat
from kiraad.history import history_entries
from kiraad.http import AuthenticatedHttpRequest
from kiraad.idempotency import idempotent


@require_http_methods(["GET"])
def meeting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_guidance_staff(request.user)
    meetings = access.visible_guidance_meetings(request.user, selectors.meeting_list())
    return render(
        request,
        "guidance/meeting_list.html",
        {"meetings": list(meetings), "secretariat": is_secretariat(request.user)},
    )


@require_http_methods(["GET", "POST"])
@idempotent("guidance-meeting-create")
def meeting_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = guidance_meeting_save(data=form.to_data(), by=request.user)
        messages.success(request, _("Guidance meeting saved."))
        return redirect(meeting)
    return render(request, "guidance/meeting_form.html", {"form": form, "meeting": None})


@require_http_methods(["GET", "POST"])
def meeting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_guidance_meeting(request.user, pk, action="change")
    initial = {
        name: getattr(meeting, name)
        for name in (
            "title", "community", "status", "held_on", "phase", "decision_makers",
            "topics", "summary", "follow_ups", "unclear_rules",
        )
    }  # fmt: skip
    initial["invited_agencies"] = list(meeting.invited_agencies.all())
    initial["areas"] = list(meeting.areas.all())
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        guidance_meeting_save(data=form.to_data(), by=request.user, meeting=meeting)
        messages.success(request, _("Guidance meeting saved."))
        return redirect(meeting)
    return render(request, "guidance/meeting_form.html", {"form": form, "meeting": meeting})


@require_http_methods(["GET"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_guidance_meeting(request.user, pk)
    meeting = selectors.meeting_get(pk=meeting.pk)
    context = {
        "meeting": meeting,
        "secretariat": is_secretariat(request.user),
        "history": history_entries(meeting),
    }
    return render(request, "guidance/meeting_detail.html", context)
