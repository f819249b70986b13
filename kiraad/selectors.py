"""Reads of the council core, with their query plans decided here."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import ExtractYear, RowNumber
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


def meetings_upcoming_and_past(
    *, body: Body, user: "AnyUser", limit: int = 20
) -> tuple[list[Meeting], list[Meeting]]:
    """The next `limit` meetings of `body` (soonest first, not cancelled) and the last `limit`
    (latest first) that `user` may see (drafts for the secretariat), in one query.

    Each meeting is numbered within its side of now, nearest first, and only the first `limit`
    of each side are read: for upcoming ones the first sort key is the start, for past ones it
    is empty and the second (the start, descending) decides.
    """
    from kiraad.access import is_secretariat

    now = timezone.now()
    qs = Meeting.objects.filter(body=body).filter(
        Q(starts_at__lt=now) | ~Q(status=Meeting.Status.CANCELLED)
    )
    if not is_secretariat(user):
        qs = qs.exclude(status=Meeting.Status.PLANNED)
    upcoming = Q(starts_at__gte=now)
    rows = list(
        qs.annotate(
            upcoming=ExpressionWrapper(upcoming, output_field=BooleanField()),
            nearness=Window(
                RowNumber(),
                partition_by=[ExpressionWrapper(upcoming, output_field=BooleanField())],
                order_by=[
                    Case(When(upcoming, then=F("starts_at"))).asc(nulls_last=True),
                    F("starts_at").desc(),
                ],
            ),
        )
        .filter(nearness__lte=limit)
        .order_by("starts_at", "pk")
    )
    return (
        [m for m in rows if m.upcoming],
        sorted((m for m in rows if not m.upcoming), key=lambda m: m.starts_at, reverse=True),
    )


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
