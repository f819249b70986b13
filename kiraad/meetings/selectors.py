"""Reads for council meetings, with their query plans decided here."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from django.db.models import (
    Case,
    Count,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kiraad.content_lang import wrap
from kiraad.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    CalendarToken,
    Meeting,
    MeetingDocument,
    MinutesVersion,
)
from kiraad.models import Agency, Body, Mandate, Membership, Representative
from kiraad.reports.models import StatusReport

if TYPE_CHECKING:
    from kiraad.access import AnyUser


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


class Dated(Protocol):
    """A meeting, or a line drawn from one (kiraad/council_page.py)."""

    @property
    def pk(self) -> int: ...
    @property
    def starts_at(self) -> datetime.datetime: ...
    @property
    def status(self) -> str: ...


def meetings_of_body(*, body: Body) -> list[Meeting]:
    """All of `body`'s meetings, oldest first: a few a year, so the council page caches the
    whole list and splits it by the clock on each request (meetings_split)."""
    return list(Meeting.objects.filter(body=body).order_by("starts_at", "pk"))


def meetings_split[T: Dated](
    meetings: list[T],
    *,
    user: "AnyUser",
    now: datetime.datetime | None = None,
    limit: int = 20,
) -> tuple[list[T], list[T]]:
    """The next `limit` of `meetings` (soonest first, not cancelled) and the last `limit`
    (latest first) that `user` may see (drafts for the secretariat); `meetings` oldest first."""
    from kiraad.access import is_secretariat

    now = now or timezone.now()
    drafts = is_secretariat(user)
    shown = [
        m
        for m in meetings
        if (m.starts_at < now or m.status != Meeting.Status.CANCELLED)
        and (drafts or m.status != Meeting.Status.PLANNED)
    ]
    upcoming = [m for m in shown if m.starts_at >= now][:limit]
    past = [m for m in reversed(shown) if m.starts_at < now][:limit]
    return upcoming, past


def meetings_upcoming_and_past(
    *, body: Body, user: "AnyUser", limit: int = 20
) -> tuple[list[Meeting], list[Meeting]]:
    """The next `limit` meetings of `body` (soonest first, not cancelled) and the last `limit`
    (latest first) that `user` may see (drafts for the secretariat), in one query."""
    return meetings_split(meetings_of_body(body=body), user=user, limit=limit)


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
    approval_label: str

    @property
    def carries_follow_up(self) -> bool:
        """The agenda has the standing follow-up item, which lists the carried actions."""
        return any(item.carries_actions for item in self.items)

    @property
    def pending_correction(self) -> MinutesVersion | None:
        """A correction of approved minutes that waits for approval at the next meeting."""
        return next(
            (v for v in self.minutes_versions if v.is_correction and v.approved_at is None), None
        )


def minutes_approval_label(meeting: Meeting) -> str:
    """«Utkast», or «Godkjent i møte N/ÅÅÅÅ, dato» once approved (the page and every PDF page);
    `meeting` comes with minutes_approved_at_meeting read (access_meeting does that)."""
    if meeting.minutes_approved_at is None:
        return _("Draft")
    return _approved_in(meeting.minutes_approved_at_meeting, meeting.minutes_approved_at)


def minutes_version_for_pdf(detail: MeetingDetail, asked: str) -> MinutesVersion | None:
    """The version a PDF shows: the one asked for (?version=N), else the approved text."""
    if asked.isdigit():
        for version in detail.minutes_versions:
            if version.version == int(asked):
                return version
    return None


def version_approval_label(version: MinutesVersion) -> str:
    """«Utkast» (a draft or a correction not yet approved), or where and when it was approved."""
    if version.approved_at is None:
        return _("Draft")
    return _approved_in(version.approved_at_meeting, version.approved_at)


def _approved_in(meeting: Meeting | None, when: datetime.datetime) -> str:
    """HTML (the page and the PDFs): the meeting's name is data, marked with its language where
    the page is in another (issue 21); the date is the portal's."""
    sentence = conditional_escape(_("Approved in meeting %(meeting)s, %(date)s"))
    values = {
        "meeting": wrap(conditional_escape(str(meeting or ""))),
        "date": conditional_escape(date_format(timezone.localtime(when), "SHORT_DATE_FORMAT")),
    }
    return mark_safe(sentence % values)  # noqa: S308 (both parts escaped)


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
            MinutesVersion.objects.filter(meeting=meeting).select_related(
                "created_by", "approved_at_meeting"
            )
        ),
        approval_label=minutes_approval_label(meeting),
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
    """One agenda item in a record's trace: the meeting, the outcome, the follow-ups and the
    status reports to the ministry that included the meeting."""

    item: AgendaItem
    meeting: Meeting
    outcome_visible: bool
    actions: list[ActionItem]
    reports: list[StatusReport]


def _reports_including(meeting: Meeting, reports: list[StatusReport]) -> list[StatusReport]:
    """A finished report includes a meeting held in its period by its as-of moment (the
    builder reads meetings from history as of that moment, kiraad/reports/builder.py)."""
    day = timezone.localtime(meeting.starts_at).date()
    return [
        r
        for r in reports
        if meeting.status in Meeting.HELD_STATUSES
        and r.period_start <= day <= r.period_end
        and r.as_of >= meeting.starts_at
    ]


def agenda_trace(items: QuerySet[AgendaItem], *, user: "AnyUser | None" = None) -> list[TraceRow]:
    """The trace of a record through the council, for templates/components/trace.html:
    meeting → item → outcome → actions → the status reports that included it.

    `items` is a queryset of the agenda items that handled the record (apps pass their reverse
    relation or a filter); drafts are hidden from users who may not see them, and reports (the
    secretariat's) from everyone else. Two queries, three for the secretariat, however long.
    """
    from kiraad.access import is_secretariat
    from kiraad.meetings.access import meeting_visible, minutes_visible

    qs = list(
        items.select_related("meeting__body")
        .prefetch_related(
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner_agency"))
        )
        .order_by("meeting__starts_at", "order")
    )
    shown = [i for i in qs if user is None or meeting_visible(user, i.meeting)]
    reports: list[StatusReport] = []
    if shown and user is not None and is_secretariat(user):
        reports = list(
            StatusReport.objects.filter(state=StatusReport.State.DONE).order_by("-as_of")
        )
    return [
        TraceRow(
            item=item,
            meeting=item.meeting,
            outcome_visible=user is None or minutes_visible(user, item.meeting),
            actions=list(item.action_items.all()),
            reports=_reports_including(item.meeting, reports),
        )
        for item in shown
    ]


def trace_of_item(*, agenda_item_id: int | None, user: "AnyUser") -> list[TraceRow]:
    """The trace of a record that points at one agenda item (escalations, guidance requests,
    actions); empty when it points at none."""
    if agenda_item_id is None:
        return []
    return agenda_trace(AgendaItem.objects.filter(pk=agenda_item_id), user=user)


@dataclass(frozen=True)
class AttendanceRow:
    """One member agency in the attendance grid: its people on the meeting's day and what is
    recorded for it."""

    agency: Agency
    representatives: list[str]
    deputies: list[str]
    status: str
    note: str


@dataclass(frozen=True)
class Quorum:
    """The mandate's quorum and how many member agencies were there (present or by deputy)."""

    required: int
    present: int

    @property
    def met(self) -> bool:
        return self.present >= self.required


def mandate_on(*, meeting: Meeting) -> Mandate | None:
    """The body's adopted mandate on the meeting's day (the newest if terms overlap)."""
    day = timezone.localtime(meeting.starts_at).date()
    return (
        Mandate.objects.filter(body_id=meeting.body_id, status=Mandate.Status.ADOPTED)
        .filter(Q(term_start__isnull=True) | Q(term_start__lte=day))
        .filter(Q(term_end__isnull=True) | Q(term_end__gte=day))
        .order_by("-term_start", "-pk")
        .first()
    )


def attendance_grid(*, meeting: Meeting, attendances: list[Attendance]) -> list[AttendanceRow]:
    """The body's member agencies on the meeting's day (members and lead, not observers; no
    agency dissolved by then), with their representatives and deputies, in two queries."""
    day = timezone.localtime(meeting.starts_at).date()
    memberships = (
        Membership.objects.filter(
            mandate__body_id=meeting.body_id,
            mandate__status=Mandate.Status.ADOPTED,
            role__in=[Membership.Role.LEAD, Membership.Role.MEMBER],
        )
        .filter(Q(start__isnull=True) | Q(start__lte=day))
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .filter(Q(agency__dissolved_on__isnull=True) | Q(agency__dissolved_on__gt=day))
        .select_related("agency")
        .prefetch_related(
            Prefetch(
                "representatives",
                queryset=Representative.objects.select_related("user").order_by("user__pk"),
            )
        )
        .order_by("agency__name", "pk")
    )
    recorded = {a.agency_id: a for a in attendances}
    rows: dict[int, AttendanceRow] = {}
    for membership in memberships:
        if membership.agency_id in rows:
            continue
        people = list(membership.representatives.all())
        found = recorded.get(membership.agency_id)
        rows[membership.agency_id] = AttendanceRow(
            agency=membership.agency,
            representatives=[str(p.user) for p in people if not p.is_deputy],
            deputies=[str(p.user) for p in people if p.is_deputy],
            status=found.status if found else "",
            note=found.note if found else "",
        )
    return list(rows.values())


def quorum_of(*, mandate: Mandate | None, attendances: list[Attendance]) -> Quorum | None:
    """None when the mandate defines no quorum."""
    if mandate is None or not mandate.quorum:
        return None
    there = (Attendance.Status.PRESENT, Attendance.Status.DEPUTY)
    return Quorum(required=mandate.quorum, present=sum(1 for a in attendances if a.status in there))


def agenda_item_of(*, meeting: Meeting, pk: int) -> AgendaItem | None:
    """Item `pk` of `meeting` with its meeting and body, or None when it is not on that
    meeting's agenda."""
    return AgendaItem.objects.select_related("meeting__body").filter(pk=pk, meeting=meeting).first()


def calendar_tokens_active(*, user: "AnyUser") -> list[CalendarToken]:
    """`user`'s calendar tokens that are not revoked."""
    return list(CalendarToken.objects.filter(user=user.pk, revoked_at__isnull=True))
