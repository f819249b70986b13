"""Reads of the guidance app, with their query plans decided here: requests, routing, the
knowledge base, meetings, gaps and succession. The themes page and the report's figures:
`guidance.selectors.themes`."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance.models import (
    AreaResponsibility,
    Article,
    Assignment,
    Gap,
    GuidanceMeeting,
    GuidanceRequest,
    Phase,
    RegulatoryArea,
    RequesterMessage,
    RequestNote,
    Resource,
    TrackingToken,
    hash_token,
)
from guidance.search import kb_results
from kiraad.models import Agency
from kiraad.succession import SuccessionSection, day


def responsibilities_on(
    *, areas: list[RegulatoryArea], on: datetime.date
) -> list[AreaResponsibility]:
    """Responsibilities valid on `on` for `areas`, in area order."""
    return list(
        AreaResponsibility.objects.select_related("agency", "area")
        .filter(area__in=areas)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("area__order", "area__name", "pk")
    )


def responsible_agencies(*, area: RegulatoryArea, on: datetime.date) -> list[Agency]:
    """The agencies responsible for `area` on the day `on`."""
    return [r.agency for r in responsibilities_on(areas=[area], on=on)]


@dataclass(frozen=True)
class RoutingProposal:
    """The agencies the portal proposes from the areas as of the request date, and a lead."""

    lead: Agency | None
    agencies: list[Agency]
    unassigned_areas: list[RegulatoryArea]


def routing_propose(*, request: GuidanceRequest) -> RoutingProposal:
    """Propose the responsible agencies on the request's date; the lead is the most-named one."""
    areas = list(request.areas.all())
    on = timezone.localtime(request.received_at).date()
    rows = responsibilities_on(areas=areas, on=on)
    counts: dict[int, int] = defaultdict(int)
    agencies: dict[int, Agency] = {}
    for row in rows:
        counts[row.agency_id] += 1
        agencies.setdefault(row.agency_id, row.agency)
    covered = {row.area_id for row in rows}
    ordered = list(agencies.values())
    lead = max(ordered, key=lambda a: counts[a.pk]) if ordered else None
    return RoutingProposal(
        lead=lead,
        agencies=ordered,
        unassigned_areas=[a for a in areas if a.pk not in covered],
    )


def guidance_request_list(
    *, queryset: QuerySet[GuidanceRequest], status: str = ""
) -> QuerySet[GuidanceRequest]:
    """The queue: an already-scoped queryset with areas and assignments prefetched."""
    qs = queryset.prefetch_related(
        "areas",
        Prefetch("assignments", queryset=Assignment.objects.select_related("agency")),
    ).order_by("-received_at", "-pk")
    if status == "open":
        qs = qs.filter(status__in=GuidanceRequest.OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    return qs


def guidance_request_detail_qs() -> QuerySet[GuidanceRequest]:
    """Requests with their areas and assignments (with agency and who signed off), as the
    request page shows them."""
    return GuidanceRequest.objects.select_related("dmp_confirmed_by").prefetch_related(
        "areas",
        Prefetch(
            "assignments", queryset=Assignment.objects.select_related("agency", "signed_off_by")
        ),
    )


@dataclass
class RequestDetail:
    assignments: list[Assignment]
    notes: list[RequestNote]
    messages: list[RequesterMessage]
    meetings: list[GuidanceMeeting]
    articles: list[Article]


def request_detail(*, request: GuidanceRequest) -> RequestDetail:
    """What the request page lists; the assignments are those read with the request (from
    guidance_request_detail_qs)."""
    return RequestDetail(
        assignments=list(request.assignments.all()),
        notes=list(RequestNote.objects.select_related("author", "agency").filter(request=request)),
        messages=list(RequesterMessage.objects.filter(request=request)),
        meetings=list(GuidanceMeeting.objects.filter(request=request)),
        articles=list(Article.objects.filter(source_request=request)),
    )


def send_blockers(request: GuidanceRequest, assignments: list[Assignment]) -> list[str]:
    """What still stands between the answer and the requester."""
    blockers = []
    if not request.is_open:
        blockers.append(_("The request is not open."))
    if not request.answer_text.strip():
        blockers.append(_("The lead agency has not written the joint answer."))
    if not assignments:
        blockers.append(_("No agency is assigned."))
    if any(a.signed_off_at is None for a in assignments):
        blockers.append(_("Not every assigned agency has signed off."))
    if request.dmp_required and request.dmp_confirmed_at is None:
        blockers.append(
            _("DMP has not confirmed that the answer does not conflict with its supervisory role.")
        )
    return blockers


def tracking_token_lookup(*, token: str) -> GuidanceRequest | None:
    """The request behind a valid, unrevoked token, or None."""
    if not token or len(token) > 200:
        return None
    row = (
        TrackingToken.objects.select_related("request")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if row is None or row.request.anonymised_at is not None:
        return None
    return row.request


def overdue_requests(
    *, queryset: QuerySet[GuidanceRequest], today: datetime.date
) -> QuerySet[GuidanceRequest]:
    return queryset.filter(status__in=GuidanceRequest.OPEN_STATUSES, due_date__lt=today).order_by(
        "due_date"
    )


# --- knowledge base ------------------------------------------------------------------------


def published_articles() -> QuerySet[Article]:
    return (
        Article.objects.filter(published=True)
        .select_related("responsible_agency")
        .prefetch_related("areas")
    )


@dataclass
class KbIndex:
    by_phase: list[tuple[str, list[Article]]]
    by_area: list[tuple[RegulatoryArea, list[Article]]]
    results: list[Article] | None
    areas: list[RegulatoryArea]


def kb_index(*, query: str = "", phase: str = "", area_key: str = "") -> KbIndex:
    """Published articles grouped by phase and by area; a search result when asked."""
    articles = list(published_articles().order_by("title"))
    areas = list(RegulatoryArea.objects.order_by("order", "name"))
    results = None
    if query or phase or area_key:
        results = kb_articles(query=query, phase=phase, area_key=area_key)
    by_phase = [
        (str(label), [a for a in articles if value in a.phases]) for value, label in Phase.choices
    ]
    by_area = [(area, [a for a in articles if area in a.areas.all()]) for area in areas]
    return KbIndex(
        by_phase=[(label, items) for label, items in by_phase if items],
        by_area=[(area, items) for area, items in by_area if items],
        results=results,
        areas=areas,
    )


def kb_articles(*, query: str = "", phase: str = "", area_key: str = "") -> list[Article]:
    """Published articles for the knowledge base's filters: best match first, else by title."""
    return kb_results(
        queryset=published_articles().order_by("title"),
        query=query,
        phase=phase,
        area_key=area_key,
    )


def article_public_get(*, slug: str) -> Article:
    return (
        published_articles()
        .prefetch_related(Prefetch("resources", queryset=Resource.objects.select_related("agency")))
        .get(slug=slug)
    )


def article_slug_taken(*, slug: str, exclude_pk: int | None = None) -> bool:
    """Whether another article already uses `slug`."""
    articles = Article.objects.filter(slug=slug)
    if exclude_pk is not None:
        articles = articles.exclude(pk=exclude_pk)
    return articles.exists()


def article_list_all() -> QuerySet[Article]:
    return Article.objects.select_related("responsible_agency").order_by("title")


def articles_past_review(
    *, today: datetime.date, agency: Agency | None = None
) -> QuerySet[Article]:
    qs = Article.objects.select_related("responsible_agency").filter(
        published=True, review_due__lt=today
    )
    if agency is not None:
        qs = qs.filter(responsible_agency=agency)
    return qs.order_by("review_due")


def meeting_list() -> QuerySet[GuidanceMeeting]:
    return GuidanceMeeting.objects.prefetch_related("invited_agencies", "areas").order_by(
        "-held_on", "-pk"
    )


def meeting_get(*, pk: int) -> GuidanceMeeting:
    return (
        GuidanceMeeting.objects.select_related("request")
        .prefetch_related("invited_agencies", "areas", "gaps")
        .get(pk=pk)
    )


def gap_list() -> QuerySet[Gap]:
    return Gap.objects.select_related("area", "responsible_agency", "request", "meeting")


def areas_held_on(*, agency: Agency, on: datetime.date) -> QuerySet[AreaResponsibility]:
    """`agency`'s responsibilities for regulatory areas that are still valid on `on`."""
    return (
        AreaResponsibility.objects.select_related("area")
        .filter(agency=agency)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("area__order", "area__name", "pk")
    )


def guidance_succession_preview(
    *, agency: Agency, successor: Agency, on: datetime.date
) -> list[SuccessionSection]:
    """Open requests' assignments and regulatory areas that pass to `successor` on `on`."""
    assignments = (
        Assignment.objects.select_related("request")
        .filter(agency=agency, request__status__in=GuidanceRequest.OPEN_STATUSES)
        .order_by("request__reference")
    )
    day_before = on - datetime.timedelta(days=1)
    return [
        SuccessionSection(
            title=_("Guidance assignments on open requests"),
            headers=(_("Request"), _("Status"), _("Role"), _("Agency now"), _("Agency after")),
            rows=[
                (
                    a.request.reference,
                    a.request.get_status_display(),
                    a.get_role_display(),
                    agency.display_name,
                    successor.display_name,
                )
                for a in assignments
            ],
        ),
        SuccessionSection(
            title=_("Regulatory areas"),
            headers=(_("Area"), _("Valid from"), _("Ends"), _("Successor responsible from")),
            rows=[
                (
                    r.area.name,
                    day(r.valid_from),
                    day(max(day_before, r.valid_from) if r.valid_from else day_before),
                    f"{successor.display_name}: {day(on)}",
                )
                for r in areas_held_on(agency=agency, on=on)
            ],
        ),
    ]
