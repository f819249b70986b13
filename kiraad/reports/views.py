"""Status report pages (secretariat only: list 403 for others, objects 404)."""

import contextlib

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kiraad.access import access_report, require_secretariat
from kiraad.models import StatusReport
from kiraad.reports import services
from kiraad.reports.forms import ReportOrderForm
from kiraad.services import ServiceError


@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    form = ReportOrderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        try:
            report = services.report_order(
                by=request.user,
                title=data.title,
                period_start=data.period_start,
                period_end=data.period_end,
                as_of=data.as_of,
                commissions=data.commissions,
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("reports:detail", pk=report.pk)
    reports = StatusReport.objects.select_related("requested_by").order_by("-requested_at", "-pk")
    return render(request, "reports/report_list.html", {"form": form, "reports": reports})


@require_http_methods(["GET"])
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    template = "reports/report_detail.html"
    if request.headers.get("HX-Request"):
        template += "#progress"
    return render(request, template, {"report": report})


@require_http_methods(["GET"])
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = access_report(request.user, pk)
    if report.state != StatusReport.State.DONE or not report.pdf:
        raise Http404
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=services.pdf_name(report),
        content_type="application/pdf",
    )


@require_http_methods(["POST"])
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    with contextlib.suppress(ServiceError):
        services.report_retry(by=request.user, report=report)
    return redirect("reports:detail", pk=report.pk)
