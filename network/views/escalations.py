"""Escalation pages: the list, raising and editing, and the secretariat's triage actions."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiraad.history import history_entries
from kiraad.http import AuthenticatedHttpRequest
from kiraad.idempotency import idempotent
from kiraad.meetings.selectors import trace_of_item
from kiraad.pagination import OneQueryPaginator
from kiraad.services import ServiceError
from network import access, selectors, services
from network.forms import (
    AgendaForm,
    AssessmentForm,
    CloseForm,
    EscalationEditForm,
    EscalationForm,
    OverrideForm,
    ResponseForm,
)
from network.models import Escalation
from network.priority import priority_table

PAGE_SIZE = 50


@require_GET
def escalation_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    view = request.GET.get("view", "")
    scope = access.escalation_scope(user)
    if view == "awaiting":
        escalations = selectors.escalations_awaiting_council()
        filterset = None
    else:
        escalations, filterset = selectors.escalation_list(scope=scope, params=request.GET)
    page = OneQueryPaginator(escalations, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "network/escalation_list.html"
    return render(
        request,
        template + "#results" if request.htmx else template,
        {
            "page": page,
            "filter": filterset,
            "view": view,
            "waiting_statuses": Escalation.WAITING_STATUSES,
            "wait_limit": timezone.now() - datetime.timedelta(days=settings.ESCALATION_WAIT_DAYS),
            "can_create": access.can_create_escalation(user),
            "can_triage": access.can_triage_escalation(user),
        },
    )


@require_http_methods(["GET", "POST"])
@idempotent("network-escalation-create")
def escalation_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    networks = access.require_escalation_create(request.user)
    form = EscalationForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        escalation = services.escalation_create(
            network=form.cleaned_data["network"],
            raised_by=request.user,
            data=form.to_data(),
            submit="save_draft" not in request.POST,
        )
        messages.success(request, _("The escalation was saved."))
        return redirect(escalation)
    return render(
        request,
        "network/escalation_form.html",
        {"form": form, "priority_table": priority_table(), "escalation": None},
    )


@require_http_methods(["GET", "POST"])
def escalation_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    escalation = access.access_escalation(request.user, pk, action="change")
    initial = {
        "title": escalation.title,
        "description": escalation.description,
        "category": escalation.category_id,
        "severity": escalation.severity,
        "resources": escalation.resources,
        "benefit": escalation.benefit,
        "target_level": escalation.target_level_id,
    }
    form = EscalationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_update(escalation=escalation, by=request.user, data=form.to_data())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The escalation was saved."))
            return redirect(escalation)
    return render(
        request,
        "network/escalation_form.html",
        {"form": form, "priority_table": priority_table(), "escalation": escalation},
    )


def _detail_context(request: HttpRequest, escalation: Escalation, **forms) -> dict:
    user = request.user
    can_triage = access.can_triage_escalation(user)
    context = {
        "escalation": escalation,
        "can_change": access.can_change_escalation(user, escalation),
        "editable": escalation.status in services.EDITABLE_STATUSES,
        "can_triage": can_triage,
        "priority_table": priority_table(),
        "history": history_entries(escalation),
        "transitions": services.TRANSITIONS[escalation.status],
        "S": Escalation.Status,
        "trace": trace_of_item(agenda_item_id=escalation.agenda_item_id, user=request.user),
    }
    if can_triage:
        context["assess_form"] = forms.get("assess_form") or AssessmentForm(
            initial={
                "assessment": escalation.assessment,
                "severity": escalation.severity,
                "resources": escalation.resources,
                "benefit": escalation.benefit,
                "target_level": escalation.target_level_id,
            }
        )
        context["override_form"] = forms.get("override_form") or OverrideForm(
            initial={"priority": escalation.priority_override}
        )
        context["agenda_form"] = forms.get("agenda_form") or AgendaForm(
            meetings=selectors.meetings_open_for_agenda()
        )
        draft, from_outcome = selectors.escalation_answer_draft(escalation)
        context["draft_from_outcome"] = (
            from_outcome and escalation.status == Escalation.Status.ON_AGENDA
        )
        context["response_form"] = forms.get("response_form") or ResponseForm(
            initial={
                "council_response": draft,
                "answer_normative": escalation.answer_normative,
                "responsible_agency": escalation.responsible_agency_id,
            }
        )
        context["close_form"] = forms.get("close_form") or CloseForm()
    return context


def _render_detail(request: HttpRequest, escalation: Escalation, status=200, **forms):
    return render(
        request,
        "network/escalation_detail.html",
        _detail_context(request, escalation, **forms),
        status=status,
    )


@require_GET
def escalation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = access.access_escalation(request.user, pk)
    return _render_detail(request, escalation)


def _triage_post(request, pk, form_class, form_key, apply, form_kwargs=None):
    """Shared shape of the secretariat's actions on the detail page."""
    escalation = access.access_escalation(request.user, pk, action="triage")
    form = form_class(request.POST, **(form_kwargs or {}))
    if form.is_valid():
        try:
            apply(escalation, form)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The escalation was updated."))
            return redirect(escalation)
    return _render_detail(request, escalation, status=400, **{form_key: form})


@require_POST
def escalation_assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def apply(escalation, form):
        data = form.cleaned_data
        services.escalation_assess(
            escalation=escalation,
            by=request.user,
            assessment=data["assessment"],
            severity=data["severity"],
            resources=data["resources"],
            benefit=data["benefit"],
            target_level=data["target_level"],
        )

    return _triage_post(request, pk, AssessmentForm, "assess_form", apply)


@require_POST
def escalation_override(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def apply(escalation, form):
        services.escalation_override_priority(
            escalation=escalation,
            by=request.user,
            priority=form.cleaned_data["priority"],
            reason=form.cleaned_data["reason"],
        )

    return _triage_post(request, pk, OverrideForm, "override_form", apply)


@require_POST
def escalation_agenda(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def apply(escalation, form):
        services.escalation_put_on_agenda(
            escalation=escalation,
            meeting=form.cleaned_data["meeting"],
            kind=form.cleaned_data["kind"],
            by=request.user,
        )

    return _triage_post(
        request,
        pk,
        AgendaForm,
        "agenda_form",
        apply,
        {"meetings": selectors.meetings_open_for_agenda()},
    )


@require_POST
def escalation_response(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def apply(escalation, form):
        services.escalation_record_response(
            escalation=escalation, by=request.user, data=form.to_data()
        )

    return _triage_post(request, pk, ResponseForm, "response_form", apply)


@require_POST
def escalation_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def apply(escalation, form):
        services.escalation_close(
            escalation=escalation, by=request.user, reason=form.cleaned_data["reason"]
        )

    return _triage_post(request, pk, CloseForm, "close_form", apply)


@require_POST
def escalation_send_back(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    escalation = access.access_escalation(request.user, pk, action="triage")
    try:
        services.escalation_send_back(escalation=escalation, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The answer was sent back to the network."))
    return redirect(escalation)


@require_POST
def escalation_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    escalation = access.access_escalation(request.user, pk, action="change")
    try:
        services.escalation_submit(escalation=escalation, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The escalation was raised to the council."))
    return redirect(escalation)
