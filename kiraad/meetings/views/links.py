"""Linking an agenda item to the records it concerns (measures, escalations, guidance requests,
themes): the secretariat's search-as-you-type picker on the meeting page.

GET searches: an htmx request (the picker typing, debounced) gets the results partial, a plain
GET (no JavaScript) the whole picker page. POST links or unlinks one record and returns to the
item on the meeting page.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kiraad.meetings import access
from kiraad.meetings.linking import SEARCH_LIMIT, link_kind, link_kinds, linked_records
from kiraad.meetings.models import AgendaItem, Meeting
from kiraad.meetings.selectors import agenda_item_of
from kiraad.services import ServiceError

TEMPLATE = "kiraad/agenda_item_links.html"


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = agenda_item_of(meeting=meeting, pk=item_pk)
    if item is None:
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
def agenda_item_links(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = access.access_meeting(request.user, pk, action="change")
    item = _item(meeting, item_pk)
    data = request.POST if request.method == "POST" else request.GET
    kinds = link_kinds()
    kind = link_kind(data.get("kind", "")) or (kinds[0] if kinds else None)
    if kind is None:
        raise Http404
    if request.method == "POST":
        record = data.get("record", "")
        if not record.isdigit():
            messages.error(request, _("Choose a record to link."))
        else:
            write = kind.unlink if data.get("op") == "unlink" else kind.link
            try:
                write(item=item, pk=int(record), user=request.user, by=request.user)
            except ServiceError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request,
                    _("Link removed.") if data.get("op") == "unlink" else _("Linked."),
                )
        return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    query = data.get("q", "").strip()[:100]
    context = {
        "meeting": meeting,
        "item": item,
        "kinds": kinds,
        "kind": kind,
        "query": query,
        "results": kind.search(user=request.user, query=query, item=item, limit=SEARCH_LIMIT),
        "limit": SEARCH_LIMIT,
    }
    if getattr(request, "htmx", False):
        return render(request, f"{TEMPLATE}#results", context)
    context["linked"] = linked_records([item], user=request.user).get(item.pk, [])
    return render(request, TEMPLATE, context)
