"""Moving a dissolved agency's open measures to its successor (the app's dissolution handler,
registered in measures.apps)."""

import datetime
from collections.abc import Iterable

from django.db import transaction

from kiraad.models import Agency, User
from measures.models import SUCCESSION_STATUSES, MeasureOwner
from measures.services import OwnerData, measure_set_owners


@transaction.atomic
def measures_move_to_successor(
    *,
    agency: Agency,
    successor: Agency,
    on: datetime.date | None = None,
    by: User | None,
    reason: str,
    statuses: Iterable[str] = SUCCESSION_STATUSES,
) -> int:
    """Move the dissolved agency's ownership of open measures to its successor.

    Measures that are done or cancelled keep their historical owner. Folded (merged) measures
    move too: their work goes on inside the target. Returns how many measures moved.
    """
    moved = 0
    rows = (
        MeasureOwner.objects.select_related("measure")
        .filter(agency=agency, measure__status__in=list(statuses))
        .order_by("measure_id")
    )
    for row in rows:
        measure = row.measure
        owners = list(measure.owners.select_related("agency"))
        lead = next((o.agency for o in owners if o.is_lead), None)
        if lead is not None and lead.pk == agency.pk:
            lead = successor
        co_owners = [successor if o.agency_id == agency.pk else o.agency for o in owners]
        measure_set_owners(
            measure=measure,
            owners=OwnerData(lead=lead, co_owners=co_owners),
            by=by,
            reason=reason,
        )
        moved += 1
    return moved
