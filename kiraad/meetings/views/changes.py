"""Changing a meeting before it is held: its time and place («Endre møtet»), and its agenda
items (edit, remove, reorder). Each refusal shows on the meeting page, with what was typed."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kiraad.http import AuthenticatedHttpRequest
from kiraad.meetings import access
from kiraad.meetings import services as svc
from kiraad.meetings.forms import AgendaItemForm, MeetingChangeForm
from kiraad.meetings.models import Meeting
from kiraad.meetings.views.pages import (
    _detail_context,
    _item,
    _item_initial,
    _secretariat_forms,
    item_form_page,
    submit,
)
from kiraad.services import ServiceError


@require_http_methods(["GET", "POST"])
def meeting_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    if request.method == "GET":  # the form, fetched when «Change the meeting» is opened
        form = MeetingChangeForm.for_meeting(meeting, auto_id="change-%s")
        return item_form_page(request, meeting, None, "change", form)
    form = MeetingChangeForm(request.POST, auto_id="change-%s")
    return submit(
        request,
        meeting,
        form,
        lambda data: svc.meeting_change(meeting=meeting, **data, by=request.user),
        name="change_form",
    )


@require_http_methods(["GET", "POST"])
def agenda_item_edit(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    item = _item(meeting, item_pk)
    if request.method == "GET":  # the form, fetched when «Edit or remove the item» is opened
        form = AgendaItemForm(
            body=meeting.body, initial=_item_initial(item), auto_id=f"edit-{item.pk}-%s"
        )
        return item_form_page(request, meeting, item, "edit", form)
    if not meeting.is_open:  # the edit form is not on the page then: say it where it shows
        return agenda_answer(
            request, meeting, _("The agenda can only be changed before the meeting is held.")
        )
    try:  # the items placed automatically have no edit form either
        svc.require_ordinary_item(item)
    except ServiceError as exc:
        return agenda_answer(request, meeting, str(exc))
    form = AgendaItemForm(request.POST, body=meeting.body, auto_id=f"edit-{item.pk}-%s")
    return submit(
        request,
        meeting,
        form,
        lambda data: svc.agenda_item_edit(item=item, **data, by=request.user),
        invalid=item,
        name="edit_form",
    )


def agenda_answer(request, meeting: Meeting, error: str = "") -> HttpResponse:
    """After a change to the agenda: with htmx the agenda section alone (the refusal inside it),
    without JavaScript the meeting page (the refusal as a message)."""
    if request.htmx:
        context = _detail_context(request, meeting, **_secretariat_forms(meeting))
        context["agenda_error"] = error
        return render(request, "kiraad/meeting_detail.html#agenda", context)
    if error:
        messages.error(request, error)
    return redirect(meeting)


@require_POST
def agenda_item_move(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    item = _item(meeting, item_pk)
    try:
        svc.agenda_item_move(item=item, up=request.POST.get("direction") == "up", by=request.user)
    except ServiceError as exc:
        return agenda_answer(request, meeting, str(exc))
    return agenda_answer(request, meeting)


@require_POST
def agenda_item_remove(request: AuthenticatedHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    item = _item(meeting, item_pk)
    try:
        svc.agenda_item_remove(item=item, by=request.user)
    except ServiceError as exc:
        return agenda_answer(request, meeting, str(exc))
    return agenda_answer(request, meeting)
