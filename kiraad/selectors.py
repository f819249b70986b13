"""Reads of the council core, with their query plans decided here."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kiraad.models import Body, Mandate, Meeting, Membership, Representative

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


def mandate_current(*, body: Body) -> Mandate | None:
    """The body's newest mandate."""
    return (
        Mandate.objects.select_related("lead_agency", "body")
        .filter(body=body)
        .order_by("-term_start", "-pk")
        .first()
    )


def membership_rows(
    *, mandate: Mandate, today: datetime.date | None = None
) -> list[MembershipRow]:
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
    role_order = {Membership.Role.LEAD: 0, Membership.Role.MEMBER: 1, Membership.Role.OBSERVER: 2}
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


def predecessor_bodies(*, exclude_key: str = COUNCIL_BODY_KEY) -> QuerySet[Body]:
    """Earlier and interim bodies with their mandates and memberships, newest first."""
    return (
        Body.objects.exclude(key=exclude_key)
        .filter(parent__isnull=True)
        .select_related("lead_agency")
        .prefetch_related(
            Prefetch("mandates", queryset=Mandate.objects.select_related("lead_agency")),
            Prefetch(
                "mandates__memberships",
                queryset=Membership.objects.select_related("agency").order_by(
                    "role", "start", "agency__name"
                ),
            ),
            Prefetch("children", queryset=Body.objects.select_related("lead_agency")),
        )
        .order_by("-active_from")
    )


def meetings_upcoming(*, body: Body, limit: int = 5) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(body=body, starts_at__gte=timezone.now())
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")[:limit]
    )


def meetings_held_per_half_year(*, body: Body) -> list[tuple[str, int]]:
    """Meetings held per half-year, oldest first, for the mandate's 3–4 target."""
    counts: dict[tuple[int, int], int] = {}
    held = Meeting.objects.filter(
        body=body, status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED]
    ).values_list("starts_at", flat=True)
    for starts_at in held:
        local = timezone.localtime(starts_at)
        half = (local.year, 1 if local.month <= 6 else 2)
        counts[half] = counts.get(half, 0) + 1
    return [(f"{year} H{half}", count) for (year, half), count in sorted(counts.items())]
