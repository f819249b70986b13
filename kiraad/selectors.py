"""Reads of the council core, with their query plans decided here."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Case, Count, Prefetch, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from kiraad.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Mandate,
    Meeting,
    MeetingDocument,
    Membership,
    MinutesVersion,
    Representative,
)

if TYPE_CHECKING:
    from kiraad.access import AnyUser

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


def meetings_held_per_half_year(*, body: Body) -> list[tuple[str, int]]:
    """Meetings held per half-year (Oslo time), oldest first, for the mandate's 3–4 target."""
    held = (
        Meeting.objects.filter(
            body=body, status__in=[Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED]
        )
        .annotate(
            year=ExtractYear("starts_at"),
            half=Case(When(starts_at__month__lte=6, then=Value(1)), default=Value(2)),
        )
        .values("year", "half")
        .annotate(count=Count("pk"))
        .order_by("year", "half")
    )
    return [(f"{row['year']} H{row['half']}", row["count"]) for row in held]


def mandate_history(*, mandate: Mandate, limit: int = 50) -> list:
    """Changes to the mandate and to its memberships, newest first, in two queries."""
    from kiraad.history import entries_from_records

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


# --- Meetings -------------------------------------------------------------------------------


def meeting_list_for(*, body: Body, user: "AnyUser", past: bool, limit: int = 20) -> list[Meeting]:
    """Upcoming or past meetings of `body` that `user` may see (drafts for the secretariat)."""
    from kiraad.access import is_secretariat

    qs = Meeting.objects.select_related("body").filter(body=body)
    if not is_secretariat(user):
        qs = qs.exclude(status=Meeting.Status.PLANNED)
    now = timezone.now()
    if past:
        qs = qs.filter(starts_at__lt=now).order_by("-starts_at")
    else:
        qs = qs.filter(starts_at__gte=now).exclude(status=Meeting.Status.CANCELLED)
        qs = qs.order_by("starts_at")
    return list(qs[:limit])


@dataclass(frozen=True)
class MeetingDetail:
    """Everything the meeting page shows, loaded with a fixed number of queries."""

    meeting: Meeting
    items: list[AgendaItem]
    attendances: list[Attendance]
    documents: list[MeetingDocument]
    actions: list[ActionItem]
    carried_actions: list[ActionItem]
    minutes_versions: list[MinutesVersion]


def meeting_detail(*, meeting: Meeting) -> MeetingDetail:
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("presenter_agency", "approves_minutes_of")
        .prefetch_related(
            Prefetch("documents", queryset=MeetingDocument.objects.order_by("pk")),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner_agency")),
        )
        .order_by("order", "pk")
    )
    # Open follow-up actions of earlier meetings stay on every next agenda until done.
    carried = list(
        ActionItem.objects.filter(
            meeting__body_id=meeting.body_id,
            meeting__starts_at__lt=meeting.starts_at,
            status__in=ActionItem.OPEN_STATUSES,
        )
        .select_related("owner_agency", "meeting")
        .order_by("due_date", "pk")
    )
    return MeetingDetail(
        meeting=meeting,
        items=items,
        attendances=list(
            Attendance.objects.filter(meeting=meeting)
            .select_related("agency")
            .order_by("agency__name")
        ),
        documents=list(MeetingDocument.objects.filter(meeting=meeting, agenda_item__isnull=True)),
        actions=list(
            ActionItem.objects.filter(meeting=meeting).select_related("owner_agency", "agenda_item")
        ),
        carried_actions=carried,
        minutes_versions=list(
            MinutesVersion.objects.filter(meeting=meeting).select_related("created_by")
        ),
    )


def meetings_for_calendar(
    *, body: Body, user: "AnyUser", now: datetime.datetime | None = None
) -> list[Meeting]:
    """Meetings in the feed window (1 year back, 2 years ahead), drafts for the secretariat."""
    from kiraad.access import is_secretariat

    now = now or timezone.now()
    qs = (
        Meeting.objects.select_related("body")
        .filter(
            body=body,
            starts_at__gte=now - datetime.timedelta(days=365),
            starts_at__lte=now + datetime.timedelta(days=730),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    )
    if not is_secretariat(user):
        qs = qs.exclude(status=Meeting.Status.PLANNED)
    return list(qs)


@dataclass(frozen=True)
class TraceRow:
    """One agenda item in a record's trace: the meeting, the outcome, the follow-ups."""

    item: AgendaItem
    meeting: Meeting
    outcome_visible: bool
    actions: list[ActionItem]


def agenda_trace(items: QuerySet[AgendaItem], *, user: "AnyUser | None" = None) -> list[TraceRow]:
    """The trace of a record through the council, for templates/components/trace.html.

    `items` is a queryset of the agenda items that handled the record (apps pass their reverse
    relation or a filter); drafts are hidden from users who may not see them.
    """
    from kiraad.access import meeting_visible, minutes_visible

    rows = []
    qs = (
        items.select_related("meeting__body")
        .prefetch_related(
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner_agency"))
        )
        .order_by("meeting__starts_at", "order")
    )
    for item in qs:
        if user is not None and not meeting_visible(user, item.meeting):
            continue
        visible = user is None or minutes_visible(user, item.meeting)
        rows.append(
            TraceRow(
                item=item,
                meeting=item.meeting,
                outcome_visible=visible,
                actions=list(item.action_items.all()),
            )
        )
    return rows
