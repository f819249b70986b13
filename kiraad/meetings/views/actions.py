"""A follow-up action's own page (its trace through the council and its history) and its status
change, in place with htmx or as a plain form post."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiraad import access as core_access
from kiraad.content_lang import interpolate
from kiraad.history import history_entries
from kiraad.http import AuthenticatedHttpRequest
from kiraad.meetings import access, selectors
from kiraad.meetings import services as svc
from kiraad.meetings.forms import ActionStatusForm
from kiraad.meetings.models import ActionItem


def can_change_action(user, action: ActionItem) -> bool:
    """The page's flag for the status form; access_action_item decides on the POST."""
    return core_access.is_secretariat(user) or (
        core_access.is_agency_representative(user)
        and core_access.agency_id_of(user) == action.owner_agency_id
    )


@require_GET
def action_item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = access.access_action_item(request.user, pk)
    trace = selectors.trace_of_item(agenda_item_id=action.agenda_item_id, user=request.user)
    context = {
        "action": action,
        "meeting": action.meeting,
        "trace": trace,
        "can_change": can_change_action(request.user, action),
        "history": history_entries(action),
        "back": "action",
    }
    return render(request, "kiraad/action_detail.html", context)


@require_POST
def action_item_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    action = access.access_action_item(request.user, pk, action="change")
    form = ActionStatusForm(request.POST)
    error = ""
    if form.is_valid():
        svc.action_item_set_status(action=action, **form.to_data(), by=request.user)
    else:
        error = _("Choose a valid status.")
    if getattr(request, "htmx", False):
        # The row is replaced in place; the message is read out by its live region.
        context = {
            "action": action,
            "can_change": True,
            "saved": not error,
            "error": error,
            "back": request.POST.get("back", ""),
        }
        return render(request, "kiraad/_action_row.html", context, status=400 if error else 200)
    if error:
        messages.error(request, error)
    else:
        # The title is Norwegian data: marked lang="nb" on an English page (issue 21).
        saved = _("The status of «%(action)s» was saved.")
        messages.success(request, interpolate(saved, action=action.title))
    if request.POST.get("back") == "action":
        return redirect("kiraad:actionitem-detail", pk=action.pk)
    return redirect(f"{action.meeting.get_absolute_url()}#action-row-{action.pk}")
