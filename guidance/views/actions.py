"""The steps on a request's page (/guidance/requests/<pk>/<action>/): triage, areas, assignment,
the agencies' answer work, sending, closing, revoking links and anonymising.

Each step is one `RequestAction` in `ACTIONS`; one view serves them all: access → form →
service → redirect.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms as django_forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.http import require_http_methods

from guidance import access, selectors
from guidance.forms.handling import (
    AnonymiseForm,
    AnswerForm,
    AreasForm,
    AssignForm,
    CloseForm,
    ConfirmForm,
    DraftForm,
    DueDateForm,
    NoteForm,
    OfferMeetingForm,
    TriageForm,
    initial_due_date,
)
from guidance.models import GuidanceRequest
from guidance.selectors import send_blockers
from guidance.services.answers import (
    assignment_save_draft,
    assignment_sign_off,
    guidance_request_close,
    guidance_request_confirm_dmp,
    guidance_request_send_answer,
    guidance_request_write_answer,
    request_note_add,
)
from guidance.services.assignment import (
    guidance_request_assign,
    guidance_request_set_areas,
    guidance_request_set_due_date,
    guidance_request_triage,
)
from guidance.services.meetings import guidance_request_offer_meeting
from guidance.services.retention import guidance_request_anonymise
from guidance.services.tracking import tracking_token_revoke_all
from kiraad.services import ServiceError


@dataclass(frozen=True)
class RequestAction:
    """One step on a request: who may take it, its form, the service it calls, what it says."""

    access_action: str  # the `action` passed to access.access_guidance_request
    form_class: type[django_forms.Form]
    call: Callable[[HttpRequest, GuidanceRequest, django_forms.Form], object]
    heading: str  # a msgid (gettext_noop), translated when shown
    done: str  # the success message, a msgid too
    initial: Callable[[HttpRequest, GuidanceRequest], dict] | None = None


def _assign_initial(req: HttpRequest, obj: GuidanceRequest) -> dict:
    proposal = selectors.routing_propose(request=obj)
    return {
        "lead": proposal.lead,
        "contributors": [a for a in proposal.agencies if a != proposal.lead],
        "due_date": obj.due_date or initial_due_date(timezone.localdate()),
    }


def _do_triage(req, obj, form):
    return guidance_request_triage(
        request=obj,
        decision=form.cleaned_data["decision"],
        reason=form.cleaned_data["reason"],
        referred_to=form.cleaned_data["referred_to"],
        by=req.user,
    )


def _do_areas(req, obj, form):
    return guidance_request_set_areas(request=obj, areas=form.cleaned_data["areas"], by=req.user)


def _do_assign(req, obj, form):
    return guidance_request_assign(
        request=obj,
        lead=form.cleaned_data["lead"],
        contributors=form.cleaned_data["contributors"],
        due_date=form.cleaned_data["due_date"],
        by=req.user,
    )


def _do_due(req, obj, form):
    return guidance_request_set_due_date(
        request=obj, due_date=form.cleaned_data["due_date"], by=req.user
    )


def _do_meeting(req, obj, form):
    return guidance_request_offer_meeting(
        request=obj, held_on=form.cleaned_data["held_on"], by=req.user
    )


def _do_note(req, obj, form):
    return request_note_add(request=obj, author=req.user, text=form.cleaned_data["text"])


def _do_draft(req, obj, form):
    assignment = access.access_assignment(req.user, obj)
    return assignment_save_draft(
        assignment=assignment, draft=form.cleaned_data["draft"], by=req.user
    )


def _do_sign_off(req, obj, form):
    assignment = access.access_assignment(req.user, obj)
    return assignment_sign_off(assignment=assignment, by=req.user)


def _do_answer(req, obj, form):
    return guidance_request_write_answer(
        request=obj,
        text=form.cleaned_data["answer_text"],
        normative=form.cleaned_data["answer_normative"],
        by=req.user,
    )


def _do_dmp(req, obj, form):
    return guidance_request_confirm_dmp(request=obj, by=req.user)


def _do_send(req, obj, form):
    return guidance_request_send_answer(request=obj, by=req.user)


def _do_close(req, obj, form):
    return guidance_request_close(
        request=obj, unclear_rules=form.cleaned_data["unclear_rules"], by=req.user
    )


def _do_anonymise(req, obj, form):
    return guidance_request_anonymise(request=obj, by=req.user, reason=form.cleaned_data["reason"])


def _do_revoke(req, obj, form):
    return tracking_token_revoke_all(request=obj)


def _draft_initial(req: HttpRequest, obj: GuidanceRequest) -> dict:
    return {"draft": access.access_assignment(req.user, obj).draft}


# The key is the URL segment; the URL name is `guidance:request-<key>`.
ACTIONS: dict[str, RequestAction] = {
    "triage": RequestAction(
        access_action="triage",
        form_class=TriageForm,
        call=_do_triage,
        heading=N_("Triage"),
        done=N_("Triage saved."),
    ),
    "areas": RequestAction(
        access_action="areas",
        form_class=AreasForm,
        initial=lambda req, o: {"areas": list(o.areas.all())},
        call=_do_areas,
        heading=N_("Set regulatory areas"),
        done=N_("Regulatory areas saved."),
    ),
    "assign": RequestAction(
        access_action="assign",
        form_class=AssignForm,
        initial=_assign_initial,
        call=_do_assign,
        heading=N_("Assign agencies"),
        done=N_("Agencies assigned."),
    ),
    "due": RequestAction(
        access_action="due",
        form_class=DueDateForm,
        initial=lambda req, o: {"due_date": o.due_date},
        call=_do_due,
        heading=N_("Set due date"),
        done=N_("Due date saved."),
    ),
    "meeting": RequestAction(
        access_action="meeting",
        form_class=OfferMeetingForm,
        call=_do_meeting,
        heading=N_("Offer a guidance meeting"),
        done=N_("Guidance meeting offered."),
    ),
    "note": RequestAction(
        access_action="note",
        form_class=NoteForm,
        call=_do_note,
        heading=N_("Add an internal note"),
        done=N_("Note added."),
    ),
    "draft": RequestAction(
        access_action="draft",
        form_class=DraftForm,
        initial=_draft_initial,
        call=_do_draft,
        heading=N_("Draft our part"),
        done=N_("Draft saved."),
    ),
    "sign-off": RequestAction(
        access_action="sign_off",
        form_class=ConfirmForm,
        call=_do_sign_off,
        heading=N_("Sign off on the joint answer"),
        done=N_("Signed off."),
    ),
    "answer": RequestAction(
        access_action="answer",
        form_class=AnswerForm,
        initial=lambda req, o: {
            "answer_text": o.answer_text,
            "answer_normative": o.answer_normative,
        },
        call=_do_answer,
        heading=N_("Write the joint answer"),
        done=N_("Joint answer saved."),
    ),
    "dmp-confirm": RequestAction(
        access_action="dmp_confirm",
        form_class=ConfirmForm,
        call=_do_dmp,
        heading=N_("Confirm: no conflict with DMP's supervisory role"),
        done=N_("DMP's confirmation recorded."),
    ),
    "send": RequestAction(
        access_action="send",
        form_class=ConfirmForm,
        call=_do_send,
        heading=N_("Send the answer"),
        done=N_("Answer sent."),
    ),
    "close": RequestAction(
        access_action="close",
        form_class=CloseForm,
        call=_do_close,
        heading=N_("Close the request"),
        done=N_("Request closed."),
    ),
    "revoke-links": RequestAction(
        access_action="revoke",
        form_class=ConfirmForm,
        call=_do_revoke,
        heading=N_("Revoke the requester's tracking links"),
        done=N_("The tracking links no longer work."),
    ),
    "anonymise": RequestAction(
        access_action="anonymise",
        form_class=AnonymiseForm,
        call=_do_anonymise,
        heading=N_("Anonymise now"),
        done=N_("The requester's personal data has been removed."),
    ),
}


@require_http_methods(["GET", "POST"])
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    step = ACTIONS[action]
    obj = access.access_guidance_request(request.user, pk, action=step.access_action)
    initial = step.initial(request, obj) if step.initial else None
    form = step.form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            step.call(request, obj, form)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _(step.done))
            return redirect(obj)
    context = {
        "request_obj": obj,
        "form": form,
        "heading": _(step.heading),
        "action": action,
        "proposal": selectors.routing_propose(request=obj) if action == "assign" else None,
        "blockers": (send_blockers(obj, list(obj.assignments.all())) if action == "send" else []),
    }
    return render(request, "guidance/request_action.html", context)
