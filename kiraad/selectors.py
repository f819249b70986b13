"""Reads of the council core, with their query plans decided here."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from kiraad.history import HistoryEntry, entries_from_records
from kiraad.models import Body, Mandate, Membership, Representative

COUNCIL_BODY_KEY = "ki-radet"


@dataclass(frozen=True)
class MembershipRow:
    """A membership as the council page shows it, with its term flag worked out."""

    membership: Membership
    term_end: datetime.date | None
    ends_soon: bool
    ended: bool


def body_get(*, key: str = COUNCIL_BODY_KEY) -> Body | None:
    return Body.objects.select_related("lead_agency", "parent").filter(key=key).first()


def body_and_mandate(*, key: str = COUNCIL_BODY_KEY) -> tuple[Body | None, Mandate | None]:
    """The body and its newest mandate: one query, with the body joined to the mandate (a
    second only when the body has no mandate yet)."""
    mandate = (
        Mandate.objects.select_related("lead_agency", "body__lead_agency", "body__parent")
        .filter(body__key=key)
        .order_by("-term_start", "-pk")
        .first()
    )
    if mandate is not None:
        return mandate.body, mandate
    return body_get(key=key), None


def membership_rows(*, mandate: Mandate, today: datetime.date | None = None) -> list[MembershipRow]:
    """Memberships with their representatives, deputies after principals, and term flags."""
    today = today or timezone.localdate()
    warn_until = today + datetime.timedelta(days=settings.TERM_WARNING_DAYS)
    memberships = (
        Membership.objects.filter(mandate=mandate)
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=Representative.objects.select_related("user").order_by(
                    "is_deputy", "user__last_name", "user__first_name"
                ),
            )
        )
        .order_by("role", "agency__name")
    )
    role_order: dict[str, int] = {
        Membership.Role.LEAD: 0,
        Membership.Role.MEMBER: 1,
        Membership.Role.OBSERVER: 2,
    }
    rows = []
    for membership in memberships:
        term_end = membership.end or mandate.term_end
        rows.append(
            MembershipRow(
                membership=membership,
                term_end=term_end,
                ends_soon=bool(term_end and today <= term_end <= warn_until),
                ended=bool(term_end and term_end < today),
            )
        )
    rows.sort(key=lambda row: (role_order[row.membership.role], row.membership.agency.name))
    return rows


def predecessor_bodies(*, exclude_key: str = COUNCIL_BODY_KEY) -> list[Body]:
    """Earlier and interim bodies with their mandates and memberships, newest first; each has
    its sub-bodies in `sub_bodies`.

    The bodies and their sub-bodies come in one query (a body is one or the other by its
    parent), the mandates and memberships of the top-level ones in one more each.
    """
    top_level = Q(parent__isnull=True) & ~Q(key=exclude_key)
    bodies = list(
        Body.objects.filter(top_level | Q(parent__isnull=False))
        .select_related("lead_agency")
        .prefetch_related(
            "sources",
            Prefetch(
                "mandates",
                queryset=Mandate.objects.filter(body__parent__isnull=True).select_related(
                    "lead_agency"
                ),
            ),
            Prefetch(
                "mandates__memberships",
                queryset=Membership.objects.select_related("agency").order_by(
                    "role", "start", "agency__name"
                ),
            ),
        )
        .order_by("-active_from", "name")
    )
    children: dict[int, list[Body]] = defaultdict(list)
    for body in bodies:
        if body.parent_id is not None:
            children[body.parent_id].append(body)
    predecessors = [b for b in bodies if b.parent_id is None and b.key != exclude_key]
    for body in predecessors:
        body.sub_bodies = children[body.pk]
    return predecessors


def mandate_history(*, mandate: Mandate, limit: int = 50) -> list[HistoryEntry]:
    """Changes to the mandate and to its memberships, newest first, in two queries."""
    mandate_rows = list(
        mandate.history.select_related("history_user").order_by("-history_date")[:limit]
    )
    membership_rows = list(
        Membership.history.filter(mandate_id=mandate.pk)
        .select_related("history_user", "agency")
        .order_by("-history_date")[:limit]
    )
    entries = entries_from_records(
        mandate_rows, model=Mandate, limit=limit, subject=lambda r: str(r.title)
    ) + entries_from_records(
        membership_rows,
        model=Membership,
        limit=limit,
        subject=lambda r: str(r.agency.name) if r.agency_id else "",
    )
    return sorted(entries, key=lambda entry: entry.when, reverse=True)[:limit]
