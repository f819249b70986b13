"""Gaps in the guidance, and the themes the requests, meetings and gaps point to."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from guidance import access, selectors
from guidance.forms.gaps import GapForm
from guidance.selectors import themes as theme_reads
from guidance.services.gaps import gap_create
from kiraad.access import is_secretariat
from kiraad.http import AuthenticatedHttpRequest


@require_http_methods(["GET", "POST"])
def gap_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_guidance_staff(request.user)
    form = GapForm(request.POST or None)
    if request.method == "POST":
        if not is_secretariat(request.user):
            raise PermissionDenied
        if form.is_valid():
            gap_create(data=form.to_data(), by=request.user)
            messages.success(request, _("Gap recorded."))
            return redirect("guidance:gap-list")
    context = {
        "gaps": list(selectors.gap_list()),
        "form": form if is_secretariat(request.user) else None,
    }
    return render(request, "guidance/gap_list.html", context)


@require_http_methods(["GET"])
def themes(request: HttpRequest) -> HttpResponse:
    access.require_guidance_staff(request.user)
    return render(request, "guidance/themes.html", {"rows": theme_reads.themes()})
