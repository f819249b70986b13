"""Pages of the network app: parse → access → service or selector → render."""

import csv
import datetime
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiraad.history import history_entries
from kiraad.pagination import OneQueryPaginator
from kiraad.services import ServiceError
from network import access, selectors, services
from network.forms import (
    AgendaForm,
    AssessmentForm,
    CloseForm,
    DeploymentForm,
    EscalationEditForm,
    EscalationForm,
    ExperienceForm,
    OverrideForm,
    ResponseForm,
)
from network.models import AIDeployment, Escalation
from network.priority import priority_table

PAGE_SIZE = 50


# Escalations ---------------------------------------------------------------------------------


@require_GET
def escalation_list(request: HttpRequest) -> HttpResponse:
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
def escalation_create(request: HttpRequest) -> HttpResponse:
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
def escalation_edit(request: HttpRequest, pk: int) -> HttpResponse:
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
            meetings=services.meetings_open_for_agenda()
        )
        context["response_form"] = forms.get("response_form") or ResponseForm(
            initial={
                "council_response": escalation.council_response,
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
def escalation_assess(request: HttpRequest, pk: int) -> HttpResponse:
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
def escalation_override(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(escalation, form):
        services.escalation_override_priority(
            escalation=escalation,
            by=request.user,
            priority=form.cleaned_data["priority"],
            reason=form.cleaned_data["reason"],
        )

    return _triage_post(request, pk, OverrideForm, "override_form", apply)


@require_POST
def escalation_agenda(request: HttpRequest, pk: int) -> HttpResponse:
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
        {"meetings": services.meetings_open_for_agenda()},
    )


@require_POST
def escalation_response(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(escalation, form):
        services.escalation_record_response(
            escalation=escalation, by=request.user, data=form.to_data()
        )

    return _triage_post(request, pk, ResponseForm, "response_form", apply)


@require_POST
def escalation_close(request: HttpRequest, pk: int) -> HttpResponse:
    def apply(escalation, form):
        services.escalation_close(
            escalation=escalation, by=request.user, reason=form.cleaned_data["reason"]
        )

    return _triage_post(request, pk, CloseForm, "close_form", apply)


@require_POST
def escalation_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = access.access_escalation(request.user, pk, action="triage")
    try:
        services.escalation_send_back(escalation=escalation, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The answer was sent back to the network."))
    return redirect(escalation)


@require_POST
def escalation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = access.access_escalation(request.user, pk, action="change")
    try:
        services.escalation_submit(escalation=escalation, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The escalation was raised to the council."))
    return redirect(escalation)


# The register of AI systems ------------------------------------------------------------------

EXPORT_FIELDS = (
    "pk",
    "system",
    "vendor",
    "health_trust",
    "region",
    "clinical_area",
    "intended_use",
    "intended_use_statement",
    "phase",
    "regulatory_status",
    "mdr_risk_class",
    "parent",
    "benefit_notes",
    "cost_notes",
    "contact_name",
    "contact_email",
    "experience_count",
    "reported_at",
)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(value: object) -> object:
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _export_row(deployment: AIDeployment) -> dict:
    row = {}
    for name in EXPORT_FIELDS:
        if name == "parent":
            row[name] = deployment.parent.system if deployment.parent_id else ""
        elif name == "reported_at":
            row[name] = deployment.reported_at.isoformat()
        else:
            row[name] = getattr(deployment, name)
    return row


@require_GET
def deployment_list(request: HttpRequest) -> HttpResponse:
    deployments, filterset = selectors.deployment_list(params=request.GET)
    export = request.GET.get("export")
    if export == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ki-register.csv"'
        writer = csv.DictWriter(response, fieldnames=EXPORT_FIELDS)
        writer.writeheader()
        for deployment in deployments:
            writer.writerow({k: _csv_safe(v) for k, v in _export_row(deployment).items()})
        return response
    if export == "json":
        response = JsonResponse(
            {"results": [_export_row(d) for d in deployments]},
            json_dumps_params={"ensure_ascii": False},
        )
        response["Content-Disposition"] = 'attachment; filename="ki-register.json"'
        return response
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    page = OneQueryPaginator(deployments, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "network/deployment_list.html"
    return render(
        request,
        template + "#results" if request.htmx else template,
        {
            "page": page,
            "filter": filterset,
            "query": query.urlencode(),
            "can_report": access.can_report_deployment(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def deployment_create(request: HttpRequest) -> HttpResponse:
    access.require_deployment_report(request.user)
    form = DeploymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deployment = services.deployment_create(
            data=form.to_data(), reported_by=request.user, reporting_agency=request.user.agency
        )
        messages.success(request, _("The AI system was added to the register."))
        return redirect(deployment)
    return render(request, "network/deployment_form.html", {"form": form, "deployment": None})


@require_http_methods(["GET", "POST"])
def deployment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = access.access_deployment(request.user, pk, action="change")
    form = DeploymentForm(
        request.POST or None,
        initial=DeploymentForm.initial_from(deployment),
        exclude_pk=deployment.pk,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.deployment_update(deployment=deployment, by=request.user, data=form.to_data())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The register entry was saved."))
            return redirect(deployment)
    return render(request, "network/deployment_form.html", {"form": form, "deployment": deployment})


@require_http_methods(["GET", "POST"])
def deployment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = "change" if request.method == "POST" else "view"
    deployment = access.access_deployment(request.user, pk, action=action)
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.deployment_add_experience(
            deployment=deployment, by=request.user, data=form.to_data()
        )
        messages.success(request, _("The experience report was added."))
        return redirect(deployment)
    return render(
        request,
        "network/deployment_detail.html",
        {
            "deployment": deployment,
            "form": form,
            "can_change": access.can_change_deployment(request.user, deployment),
            "history": history_entries(deployment),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def deployment_stats(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/deployment_stats.html",
        {"charts": selectors.deployment_stats(), "label_width": selectors.LABEL_WIDTH},
    )


# The public register (no login) --------------------------------------------------------------


@login_not_required
@require_GET
def public_register(request: HttpRequest) -> HttpResponse:
    deployments, filterset = selectors.public_deployment_list(params=request.GET)
    if request.GET.get("export") == "json":
        rows = [
            {
                "id": d.pk,
                **{
                    name: (d.parent.system if d.parent_id else "")
                    if name == "parent"
                    else getattr(d, name)
                    for name in AIDeployment.PUBLIC_FIELDS
                },
            }
            for d in deployments
        ]
        return HttpResponse(
            json.dumps({"results": rows}, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    page = OneQueryPaginator(deployments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/public_register.html", {"page": page, "filter": filterset})


@login_not_required
@require_GET
def public_register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    deployment = selectors.public_deployment_get(pk=pk)
    if deployment is None:
        raise Http404
    return render(
        request,
        "network/public_register_detail.html",
        {"deployment": deployment, "history": selectors.public_history(deployment=deployment)},
    )
