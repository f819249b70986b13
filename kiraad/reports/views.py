"""Pages of the status reports: parse → access → service or selector → render.

Ordering only writes a queued row; the PDF is rendered in the worker, so the POST answers at
once and the detail page polls its own status fragment (htmx) until the report is done.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kiraad.access import access_report, require_secretariat
from kiraad.http import AuthenticatedHttpRequest
from kiraad.idempotency import idempotent
from kiraad.models import StatusReport
from kiraad.reports import selectors, services
from kiraad.reports.forms import ReportOrderForm
from kiraad.services import ServiceError

PENDING = {StatusReport.State.QUEUED, StatusReport.State.RENDERING}


@require_http_methods(["GET", "POST"])
@idempotent("reports-report-order")
def report_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_secretariat(request.user)
    # «Mine oppgaver» links here with the commission whose report is due already ticked.
    form = ReportOrderForm(
        request.POST or None, initial={"commissions": request.GET.getlist("commission")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.to_data()
        try:
            report = services.report_order(
                by=request.user,
                period_start=data.period_start,
                period_end=data.period_end,
                as_of=data.as_of,
                commissions=data.commissions,
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The report is ordered and will be ready shortly."))
            return redirect("reports:report-detail", pk=report.pk)
    return render(
        request,
        "reports/report_list.html",
        {"reports": list(selectors.report_list()), "form": form},
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET"])
def report_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    template = "reports/report_detail.html"
    return render(
        request,
        template + "#status" if request.htmx else template,
        {"report": report, "pending": report.state in PENDING},
    )


@require_http_methods(["GET"])
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = access_report(request.user, pk)
    if report.state != StatusReport.State.DONE or not report.pdf:
        raise Http404
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"statusrapport-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.pdf",
        content_type="application/pdf",
    )


@require_http_methods(["POST"])
def report_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = access_report(request.user, pk)
    try:
        services.report_retry(report=report, by=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The report is queued again."))
    return redirect("reports:report-detail", pk=report.pk)
