"""Measures on the council's agenda: the picker's search, the links as rows, and the writes.

Registered with kiraad.registry.agenda_links (see kiraad/meetings/linking.py). A measure may be
on many agenda items (Measure.agenda_items); linking happens only from the meeting page.
"""

from django.db import transaction
from django.db.models import CharField, F, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Concat, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kiraad.access import AnyUser
from kiraad.meetings.linking import AgendaLinkKind, LinkCandidate, link_label
from kiraad.meetings.reasons import RECORD_LINKED, RECORD_UNLINKED
from kiraad.models import AgendaItem, User
from kiraad.services import save_with_reason
from measures.access import access_measure
from measures.models import Measure

KEY = "measure"


def search(*, user: AnyUser, query: str, item: AgendaItem, limit: int) -> list[LinkCandidate]:
    """Measures whose number, title or plan match; every signed-in user may read measures."""
    qs = Measure.objects.select_related("plan").prefetch_related(
        Prefetch(
            "agenda_items",
            queryset=AgendaItem.objects.select_related("meeting").order_by("meeting__starts_at"),
        )
    )
    for word in query.split():
        qs = qs.filter(
            Q(number__iexact=word)
            | Q(title__icontains=word)
            | Q(plan__title__icontains=word)
            | Q(plan__short_name__icontains=word)
        )
    return [
        LinkCandidate(
            pk=m.pk,
            code=f"{m.plan.short_name or m.plan.title} {m.number}",
            title=m.title,
            linked_to=[link_label(i) for i in m.agenda_items.all()],
            linked_here=any(i.pk == item.pk for i in m.agenda_items.all()),
        )
        for m in qs.order_by("plan__year", "plan__key", "order", "number")[:limit]
    ]


def rows(*, item_ids: list[int], user: AnyUser) -> QuerySet:
    through = Measure.agenda_items.through
    return through.objects.filter(agendaitem_id__in=item_ids).values_list(
        Value(KEY, output_field=CharField()),
        F("agendaitem_id"),
        F("measure_id"),
        Concat(
            Coalesce(NullIf(F("measure__plan__short_name"), Value("")), F("measure__plan__title")),
            Value(" "),
            F("measure__number"),
            output_field=CharField(),
        ),
        F("measure__title"),
    )


def url(pk: int) -> str:
    return reverse("measures:measure-detail", args=[pk])


@transaction.atomic
def measure_link_agenda_item(*, item: AgendaItem, pk: int, user: AnyUser, by: User) -> Measure:
    """Link the measure to the item (no change if it is linked already), with history."""
    measure = access_measure(user, pk)
    if not measure.agenda_items.filter(pk=item.pk).exists():
        measure.agenda_items.add(item)
        save_with_reason(
            measure, by=by, reason=RECORD_LINKED(item=item.title, meeting=str(item.meeting))
        )
    return measure


@transaction.atomic
def measure_unlink_agenda_item(*, item: AgendaItem, pk: int, user: AnyUser, by: User) -> Measure:
    """Remove the link between the measure and the item, with history."""
    measure = access_measure(user, pk)
    if measure.agenda_items.filter(pk=item.pk).exists():
        measure.agenda_items.remove(item)
        save_with_reason(
            measure, by=by, reason=RECORD_UNLINKED(item=item.title, meeting=str(item.meeting))
        )
    return measure


LINK_KIND = AgendaLinkKind(
    key=KEY,
    label=_("Measure"),
    search=search,
    rows=rows,
    url=url,
    link=measure_link_agenda_item,
    unlink=measure_unlink_agenda_item,
)
