"""The register of AI systems in patient care: the internal register with its exports and
statistics, and the public register (no login, public tier of fields only)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiraad.csv_export import csv_response
from kiraad.history import history_entries
from kiraad.http import AuthenticatedHttpRequest
from kiraad.idempotency import idempotent
from kiraad.pagination import OneQueryPaginator
from kiraad.services import ServiceError
from network import access, selectors, services
from network.forms import DeploymentForm, ExperienceForm, WithdrawForm
from network.models import AIDeployment
from network.models.deployments import PUBLIC_FIELD_DEFINITIONS

PAGE_SIZE = 50

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


def _export_row(deployment: AIDeployment) -> dict:
    row = {}
    for name in EXPORT_FIELDS:
        if name == "parent":
            row[name] = deployment.parent.system if deployment.parent is not None else ""
        elif name == "reported_at":
            row[name] = deployment.reported_at.isoformat()
        else:
            row[name] = getattr(deployment, name)
    return row


@require_GET
def deployment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    deployments, filterset = selectors.deployment_list(params=request.GET)
    export = request.GET.get("export")
    if export == "csv":
        return csv_response(
            filename="ki-register.csv",
            header=EXPORT_FIELDS,
            rows=(list(_export_row(d).values()) for d in deployments),
        )
    if export == "json":
        response = JsonResponse(
            {"results": [_export_row(d) for d in deployments]},
            json_dumps_params={"ensure_ascii": False},
        )
        response["Content-Disposition"] = 'attachment; filename="ki-register.json"'
        return response
    page = OneQueryPaginator(deployments, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "network/deployment_list.html"
    return render(
        request,
        template + "#results" if request.htmx else template,
        {
            "page": page,
            "filter": filterset,
            "can_report": access.can_report_deployment(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@idempotent("network-deployment-create")
def deployment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
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
def deployment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
def deployment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
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
            "can_review": access.can_review_deployment(request.user),
            "withdraw_form": WithdrawForm(),
            "history": history_entries(deployment),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def deployment_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_deployment_review(request.user)
    deployment = access.access_deployment(request.user, pk)
    try:
        services.deployment_publish(deployment=deployment, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The entry is published in the public register."))
    return redirect(deployment)


@require_POST
def deployment_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_deployment_review(request.user)
    deployment = access.access_deployment(request.user, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the public reason for withdrawing the entry."))
        return redirect(deployment)
    try:
        services.deployment_withdraw(
            deployment=deployment, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The entry is withdrawn; the public register says why."))
    return redirect(deployment)


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
                    name: (d.parent.system if d.parent is not None else "")
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
def public_register_fields(request: HttpRequest) -> HttpResponse:
    """What each public field means."""
    fields = [
        (selectors.register_column(name).verbose_name, definition)
        for name, definition in PUBLIC_FIELD_DEFINITIONS.items()
    ]
    return render(request, "network/public_register_fields.html", {"fields": fields})


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
