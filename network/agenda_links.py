"""Escalations on the council's agenda: the picker's search, the links as rows, and the writes.

Registered with kiraad.registry.agenda_links (see kiraad/meetings/linking.py). An escalation is
handled by one agenda item (Escalation.agenda_item): linking it to another item moves it there.
"""

from django.db import transaction
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kiraad.access import AnyUser
from kiraad.meetings.linking import AgendaLinkKind, LinkCandidate, link_label
from kiraad.meetings.reasons import RECORD_LINKED, RECORD_UNLINKED
from kiraad.models import AgendaItem, User
from kiraad.services import ServiceError, save_with_reason
from network.access import access_escalation, escalation_scope
from network.models import Escalation

KEY = "escalation"
S = Escalation.Status


def code(escalation: Escalation) -> str:
    return f"#{escalation.pk}"


def search(*, user: AnyUser, query: str, item: AgendaItem, limit: int) -> list[LinkCandidate]:
    """Escalations the user may see (drafts never: they are not raised to the council)."""
    qs = (
        Escalation.objects.filter(escalation_scope(user))
        .exclude(status=S.DRAFT)
        .select_related("network", "agenda_item__meeting")
    )
    for word in query.split():
        number = word.lstrip("#")
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(network__name__icontains=word)
            | (Q(pk=int(number)) if number.isdigit() else Q(pk__in=[]))
        )
    return [
        LinkCandidate(
            pk=e.pk,
            code=code(e),
            title=f"{e.title} ({e.network.name}, {e.get_status_display()})",
            linked_to=[link_label(e.agenda_item)] if e.agenda_item else [],
            linked_here=e.agenda_item_id == item.pk,
        )
        for e in qs.order_by("priority", "raised_at", "pk")[:limit]
    ]


def rows(*, item_ids: list[int], user: AnyUser) -> QuerySet:
    return (
        Escalation.objects.filter(escalation_scope(user), agenda_item_id__in=item_ids)
        .annotate(link_kind=Value(KEY, output_field=CharField()))
        .values_list(
            "link_kind",
            F("agenda_item_id"),
            F("pk"),
            Concat(Value("#"), Cast("pk", CharField()), output_field=CharField()),
            F("title"),
        )
    )


def url(pk: int) -> str:
    return reverse("network:escalation-detail", args=[pk])


@transaction.atomic
def escalation_link_agenda_item(
    *, item: AgendaItem, pk: int, user: AnyUser, by: User
) -> Escalation:
    """Let the item handle the escalation. A raised escalation is on the agenda from now on;
    one already answered keeps its answer."""
    escalation = access_escalation(user, pk, action="triage")
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.status in (S.DRAFT, S.CLOSED):
        raise ServiceError(_("Only a raised escalation that is not closed can be on an agenda."))
    if escalation.agenda_item_id == item.pk:
        return escalation
    escalation.agenda_item = item
    if escalation.status in Escalation.WAITING_STATUSES:
        escalation.status = S.ON_AGENDA
    save_with_reason(
        escalation, by=by, reason=RECORD_LINKED(item=item.title, meeting=str(item.meeting))
    )
    return escalation


@transaction.atomic
def escalation_unlink_agenda_item(
    *, item: AgendaItem, pk: int, user: AnyUser, by: User
) -> Escalation:
    """Take the escalation off the item; if it was only on the agenda, it waits for the council
    again (it was never answered)."""
    escalation = access_escalation(user, pk, action="triage")
    escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
    if escalation.agenda_item_id != item.pk:
        return escalation
    escalation.agenda_item = None
    if escalation.status == S.ON_AGENDA:
        escalation.status = S.AWAITING_COUNCIL
    save_with_reason(
        escalation, by=by, reason=RECORD_UNLINKED(item=item.title, meeting=str(item.meeting))
    )
    return escalation


LINK_KIND = AgendaLinkKind(
    key=KEY,
    label=gettext_lazy("Escalation"),
    search=search,
    rows=rows,
    url=url,
    link=escalation_link_agenda_item,
    unlink=escalation_unlink_agenda_item,
)
