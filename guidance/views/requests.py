"""The request queue and a request's page (agencies and the secretariat)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from guidance import access, selectors
from guidance.models import GuidanceRequest
from guidance.selectors import send_blockers
from kiraad.access import is_secretariat
from kiraad.history import history_entries
from kiraad.http import AuthenticatedHttpRequest
from kiraad.meetings.selectors import trace_of_item
from kiraad.pagination import KeysFirstPaginator

PAGE_SIZE = 50


@require_http_methods(["GET"])
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status and status != "open" and status not in GuidanceRequest.Status.values:
        status = ""
    requests = selectors.guidance_request_list(
        queryset=access.visible_requests(request.user), status=status
    )
    page = KeysFirstPaginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "rows": page.object_list,
        "page": page,
        "status": status,
        "statuses": GuidanceRequest.Status.choices,
        "today": timezone.localdate(),
        "secretariat": is_secretariat(request.user),
        "guidance_staff": access.is_guidance_staff(request.user),
    }
    return render(request, "guidance/request_list.html", context)


@require_http_methods(["GET"])
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    obj = access.access_guidance_request(
        request.user, pk, queryset=selectors.guidance_request_detail_qs()
    )
    detail = selectors.request_detail(request=obj)
    caps = access.request_capabilities(request.user, obj, assignments=detail.assignments)
    context = {
        "request_obj": obj,
        "detail": detail,
        "caps": caps,
        "my_assignment": next(
            (a for a in detail.assignments if a.agency_id == request.user.agency_id), None
        ),
        "blockers": send_blockers(obj, detail.assignments),
        "proposal": selectors.routing_propose(request=obj) if caps["secretariat"] else None,
        "history": history_entries(obj),
        "trace": trace_of_item(agenda_item_id=obj.agenda_item_id, user=request.user),
    }
    return render(request, "guidance/request_detail.html", context)
