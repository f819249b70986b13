"""Guidance requests and themes (knowledge gaps) on the council's agenda: the picker's search,
the links as rows, and the writes.

Registered with kiraad.registry.agenda_links (see kiraad/meetings/linking.py). Each is handled
by one agenda item (`agenda_item` on its side): linking it to another item moves it there. A
request is seen only by the secretariat and its assigned agencies (guidance.access).
"""

from django.db import transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from guidance.access import is_guidance_staff, visible_requests
from guidance.models import Gap, GuidanceRequest
from kiraad.access import AnyUser
from kiraad.meetings.linking import AgendaLinkKind, LinkCandidate, link_label
from kiraad.meetings.reasons import RECORD_LINKED, RECORD_UNLINKED
from kiraad.models import AgendaItem, User
from kiraad.services import save_with_reason

REQUEST, THEME = "guidance_request", "theme"


def _words(qs: QuerySet, query: str, *fields: str) -> QuerySet:
    for word in query.split():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(condition)
    return qs


def search_requests(
    *, user: AnyUser, query: str, item: AgendaItem, limit: int
) -> list[LinkCandidate]:
    qs = _words(
        visible_requests(user).select_related("agenda_item__meeting"), query, "reference", "title"
    )
    return [
        LinkCandidate(
            pk=r.pk,
            code=r.reference,
            title=f"{r.title} ({r.get_status_display()})",
            linked_to=[link_label(r.agenda_item)] if r.agenda_item else [],
            linked_here=r.agenda_item_id == item.pk,
        )
        for r in qs.order_by("-received_at")[:limit]
    ]


def request_rows(*, item_ids: list[int], user: AnyUser) -> QuerySet:
    return (
        visible_requests(user)
        .filter(agenda_item_id__in=item_ids)
        .annotate(link_kind=Value(REQUEST, output_field=CharField()))
        .values_list("link_kind", F("agenda_item_id"), F("pk"), F("reference"), F("title"))
    )


def _themes(user: AnyUser) -> QuerySet[Gap]:
    return Gap.objects.all() if is_guidance_staff(user) else Gap.objects.none()


def search_themes(
    *, user: AnyUser, query: str, item: AgendaItem, limit: int
) -> list[LinkCandidate]:
    qs = _words(
        _themes(user).select_related("area", "agenda_item__meeting"),
        query,
        "title",
        "area__name",
    )
    return [
        LinkCandidate(
            pk=g.pk,
            code=g.area.name if g.area else "",
            title=f"{g.title} ({g.get_status_display()})",
            linked_to=[link_label(g.agenda_item)] if g.agenda_item else [],
            linked_here=g.agenda_item_id == item.pk,
        )
        for g in qs.order_by("status", "-created_at")[:limit]
    ]


def theme_rows(*, item_ids: list[int], user: AnyUser) -> QuerySet:
    return (
        _themes(user)
        .filter(agenda_item_id__in=item_ids)
        .annotate(
            link_kind=Value(THEME, output_field=CharField()),
            link_code=Value("", output_field=CharField()),
        )
        .values_list("link_kind", F("agenda_item_id"), F("pk"), "link_code", F("title"))
    )


def _set_item(record: GuidanceRequest | Gap, item: AgendaItem | None, by: User, reason) -> None:
    record.agenda_item = item
    save_with_reason(record, by=by, reason=reason, update_fields=["agenda_item"])


def _lock_request(user: AnyUser, pk: int) -> GuidanceRequest:
    """404 unless the user may see the request; then the row, locked (the visibility filter
    may be DISTINCT, which FOR UPDATE refuses)."""
    if not visible_requests(user).filter(pk=pk).exists():
        raise Http404
    return GuidanceRequest.objects.select_for_update().get(pk=pk)


@transaction.atomic
def guidance_request_link_agenda_item(
    *, item: AgendaItem, pk: int, user: AnyUser, by: User
) -> GuidanceRequest:
    """Let the item take the request up (404 for a request the user may not see)."""
    request = _lock_request(user, pk)
    if request.agenda_item_id != item.pk:
        reason = RECORD_LINKED(item=item.title, meeting=str(item.meeting))
        _set_item(request, item, by, reason)
    return request


@transaction.atomic
def guidance_request_unlink_agenda_item(
    *, item: AgendaItem, pk: int, user: AnyUser, by: User
) -> GuidanceRequest:
    request = _lock_request(user, pk)
    if request.agenda_item_id == item.pk:
        reason = RECORD_UNLINKED(item=item.title, meeting=str(item.meeting))
        _set_item(request, None, by, reason)
    return request


@transaction.atomic
def theme_link_agenda_item(*, item: AgendaItem, pk: int, user: AnyUser, by: User) -> Gap:
    """Raise the theme (a knowledge gap) to the council as this item."""
    if not _themes(user).filter(pk=pk).exists():
        raise Http404
    gap = Gap.objects.select_for_update().get(pk=pk)
    if gap.agenda_item_id != item.pk:
        _set_item(gap, item, by, RECORD_LINKED(item=item.title, meeting=str(item.meeting)))
    return gap


@transaction.atomic
def theme_unlink_agenda_item(*, item: AgendaItem, pk: int, user: AnyUser, by: User) -> Gap:
    if not _themes(user).filter(pk=pk).exists():
        raise Http404
    gap = Gap.objects.select_for_update().get(pk=pk)
    if gap.agenda_item_id == item.pk:
        _set_item(gap, None, by, RECORD_UNLINKED(item=item.title, meeting=str(item.meeting)))
    return gap


REQUEST_KIND = AgendaLinkKind(
    key=REQUEST,
    label=_("Guidance request"),
    search=search_requests,
    rows=request_rows,
    url=lambda pk: reverse("guidance:request-detail", args=[pk]),
    link=guidance_request_link_agenda_item,
    unlink=guidance_request_unlink_agenda_item,
)
THEME_KIND = AgendaLinkKind(
    key=THEME,
    label=_("Theme"),
    search=search_themes,
    rows=theme_rows,
    url=lambda pk: reverse("guidance:gap-list") + f"#gap-{pk}",
    link=theme_link_agenda_item,
    unlink=theme_unlink_agenda_item,
)
