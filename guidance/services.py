"""Every write of the guidance app. Each records who made it and why (simple-history)."""

import datetime
import hashlib
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

import markdown
import nh3
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from guidance.models import (
    Article,
    Assignment,
    Gap,
    GuidanceMeeting,
    GuidanceRequest,
    RegulatoryArea,
    RequestCounter,
    RequesterMessage,
    RequestNote,
    TrackingToken,
)
from kiraad import access as core_access
from kiraad.history import reason_template
from kiraad.models import Agency, User
from kiraad.services import ServiceError, save_with_reason

logger = logging.getLogger(__name__)

REQUEST_PERMS = ("view_guidancerequest", "change_guidancerequest")
ANONYMISED_NAME = "[anonymisert]"
ANONYMISED_EMAIL = "anonymisert@anonymisert.invalid"
ANONYMISED_TEXT = "[anonymisert]"
TOKEN_BYTES = 32  # 256 bits
# History reasons with values: stored in English, translated when shown (kiraad.history).
MEETING_OFFERED_REASON = reason_template(gettext_noop("guidance meeting offered for %(reference)s"))
UNPUBLISHED_REASON = reason_template(gettext_noop("unpublished: %(reason)s"))
ANONYMISED_REASON = reason_template(gettext_noop("anonymised: %(reason)s"))


def hash_token(token: str) -> str:
    """The SHA-256 of a raw tracking token; the raw token is never stored."""
    return hashlib.sha256(token.encode()).hexdigest()


# --- intake --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestData:
    kind: str
    requester_name: str
    requester_email: str
    organisation: str
    org_kind: str
    title: str
    question: str
    phase: str
    areas: list[RegulatoryArea] = field(default_factory=list)
    areas_not_sure: bool = False
    consent: bool = False


def reference_allocate(*, year: int) -> str:
    """The next «VL-YYYY-NNNN». The counter row is locked, so parallel submissions never clash."""
    RequestCounter.objects.get_or_create(year=year)
    counter = RequestCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"VL-{year}-{counter.last:04d}"


@transaction.atomic
def guidance_request_submit(
    *, data: RequestData, now: datetime.datetime | None = None
) -> tuple[GuidanceRequest, str]:
    """Record a question from the public and return it with its raw tracking token.

    The receipt (with the link) is e-mailed after the transaction commits.
    """
    if not data.consent:
        raise ServiceError(_("You must consent to the privacy notice."))
    now = now or timezone.now()
    request = GuidanceRequest(
        reference=reference_allocate(year=timezone.localtime(now).year),
        kind=data.kind,
        requester_name=data.requester_name,
        requester_email=data.requester_email,
        organisation=data.organisation,
        org_kind=data.org_kind,
        title=data.title,
        question=data.question,
        phase=data.phase,
        areas_not_sure=data.areas_not_sure,
        consent=True,
        received_at=now,
    )
    save_with_reason(request, by=None, reason=gettext_noop("received through the public form"))
    request.areas.set(data.areas)
    request.dmp_required = any(a.requires_dmp_confirmation for a in data.areas)
    if request.dmp_required:
        request.save(update_fields=["dmp_required"])
    token = tracking_token_create(request=request)
    _after_commit_email("send_receipt", request.pk, token=token)
    return request, token


def _after_commit_email(task_name: str, *args, token: str | None = None) -> None:
    """Enqueue an e-mail task once the transaction commits.

    The token travels as an argument but is masked in Celery's logs (argsrepr).
    """

    def enqueue() -> None:
        from guidance import tasks

        task = getattr(tasks, task_name)
        call_args = [*args, token] if token is not None else list(args)
        shown = [*args, "***"] if token is not None else list(args)
        try:
            task.apply_async(args=call_args, argsrepr=repr(tuple(shown)))
        except Exception:
            # The request is saved; a lost e-mail must not turn into a server error.
            logger.exception("could not enqueue %s for %s", task_name, args)

    transaction.on_commit(enqueue)


# --- tracking tokens -----------------------------------------------------------------------


def tracking_token_create(*, request: GuidanceRequest) -> str:
    """Create a new ≥256-bit random token for `request` and return it (only this once)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    TrackingToken.objects.create(request=request, token_hash=hash_token(token))
    return token


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


@transaction.atomic
def tracking_token_revoke_all(*, request: GuidanceRequest) -> int:
    """Revoke every live token of `request`."""
    return TrackingToken.objects.filter(request=request, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def tracking_link_resend(*, email: str) -> int:
    """Issue fresh links for the requests sent from `email` and e-mail them there.

    Old links are revoked (only hashes are stored, so they cannot be re-sent). The caller
    shows the same message whatever happens, so nobody learns whether the address is known.
    """
    requests = GuidanceRequest.objects.filter(
        requester_email__iexact=email.strip(), anonymised_at__isnull=True
    )
    count = 0
    for request in requests:
        tracking_token_revoke_all(request=request)
        token = tracking_token_create(request=request)
        _after_commit_email("send_link", request.pk, token=token)
        count += 1
    return count


@transaction.atomic
def requester_message_add(*, request: GuidanceRequest, text: str) -> RequesterMessage:
    """A follow-up message from the tracking page."""
    if not request.is_open and request.status != GuidanceRequest.Status.ANSWERED:
        raise ServiceError(_("This request is closed; please send a new question."))
    message = RequesterMessage(request=request, text=text)
    save_with_reason(message, by=None, reason=gettext_noop("follow-up from the tracking page"))
    return message


# --- triage and assignment -----------------------------------------------------------------


class TriageDecision:
    ACCEPT = "accept"
    REJECT = "reject"
    REFER = "refer"
    DECLINE = "decline"


TRIAGE_REASONS = {
    TriageDecision.ACCEPT: gettext_noop("triage: accept"),
    TriageDecision.REJECT: gettext_noop("triage: reject"),
    TriageDecision.REFER: gettext_noop("triage: refer"),
    TriageDecision.DECLINE: gettext_noop("triage: decline"),
}


@transaction.atomic
def guidance_request_triage(
    *,
    request: GuidanceRequest,
    decision: str,
    by: User,
    reason: str = "",
    referred_to: str = "",
) -> GuidanceRequest:
    """Accept, reject (with reason), refer elsewhere (naming where) or decline for capacity."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != GuidanceRequest.Status.RECEIVED:
        raise ServiceError(_("Only a newly received request can be triaged."))
    now = timezone.now()
    if decision == TriageDecision.ACCEPT:
        request.status = GuidanceRequest.Status.TRIAGED
    elif decision == TriageDecision.REJECT:
        if not reason.strip():
            raise ServiceError(_("Give the reason for rejecting."))
        request.status = GuidanceRequest.Status.REJECTED
        request.status_reason = reason
        request.closed_at = now
    elif decision == TriageDecision.REFER:
        if not referred_to.strip():
            raise ServiceError(_("Name where the request is referred."))
        request.status = GuidanceRequest.Status.REFERRED
        request.referred_to = referred_to
        request.status_reason = reason
        request.closed_at = now
    elif decision == TriageDecision.DECLINE:
        if not reason.strip():
            raise ServiceError(_("Give the reason the requester will see."))
        request.status = GuidanceRequest.Status.DECLINED
        request.status_reason = reason
        request.closed_at = now
    else:
        raise ServiceError(_("Unknown decision."))
    save_with_reason(request, by=by, reason=TRIAGE_REASONS[decision])
    if request.status != GuidanceRequest.Status.TRIAGED:
        _after_commit_email("send_status", request.pk)
    return request


@transaction.atomic
def guidance_request_set_areas(
    *, request: GuidanceRequest, areas: Iterable[RegulatoryArea], by: User
) -> GuidanceRequest:
    """Set the regulatory areas; medical devices make DMP's confirmation a required step."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    areas = list(areas)
    request.areas.set(areas)
    request.dmp_required = any(a.requires_dmp_confirmation for a in areas)
    if not request.dmp_required:
        request.dmp_confirmed_at = None
        request.dmp_confirmed_by = None
    save_with_reason(request, by=by, reason=gettext_noop("regulatory areas set"))
    return request


@transaction.atomic
def guidance_request_assign(
    *,
    request: GuidanceRequest,
    lead: Agency,
    contributors: Iterable[Agency],
    by: User,
    due_date: datetime.date | None = None,
) -> GuidanceRequest:
    """Assign the lead and contributing agencies and keep their object permissions in step."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in (
        GuidanceRequest.Status.TRIAGED,
        GuidanceRequest.Status.ASSIGNED,
        GuidanceRequest.Status.IN_PROGRESS,
    ):
        raise ServiceError(_("Accept the request before assigning agencies."))
    wanted = {lead.pk: Assignment.Role.LEAD}
    for agency in contributors:
        wanted.setdefault(agency.pk, Assignment.Role.CONTRIBUTOR)
    reason = gettext_noop("agencies assigned")
    for assignment in Assignment.objects.filter(request=request).exclude(agency_id__in=wanted):
        assignment._change_reason = reason
        assignment._history_user = by
        assignment.delete()
    # Demote the old lead first so the one-lead constraint holds at every step.
    for assignment in Assignment.objects.filter(request=request, role=Assignment.Role.LEAD):
        if wanted.get(assignment.agency_id) != Assignment.Role.LEAD:
            assignment.role = Assignment.Role.CONTRIBUTOR
            save_with_reason(assignment, by=by, reason=reason)
    for agency_id, role in sorted(wanted.items(), key=lambda kv: kv[1] != Assignment.Role.LEAD):
        assignment = Assignment.objects.filter(request=request, agency_id=agency_id).first()
        if assignment is None:
            assignment = Assignment(request=request, agency_id=agency_id, role=role)
        elif assignment.role == role:
            continue
        assignment.role = role
        save_with_reason(assignment, by=by, reason=reason)
    if request.status == GuidanceRequest.Status.TRIAGED:
        request.status = GuidanceRequest.Status.ASSIGNED
    if due_date is not None:
        request.due_date = due_date
    save_with_reason(request, by=by, reason=reason)
    guidance_request_sync_perms(request=request)
    return request


def guidance_request_sync_perms(*, request: GuidanceRequest) -> None:
    """The assigned agencies' groups, and only they, hold the object permissions."""
    agencies = Agency.objects.filter(assignments__request=request)
    core_access.sync_agency_perms(request, agencies, REQUEST_PERMS)


@transaction.atomic
def guidance_request_set_due_date(
    *, request: GuidanceRequest, due_date: datetime.date | None, by: User
) -> GuidanceRequest:
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    request.due_date = due_date
    save_with_reason(request, by=by, reason=gettext_noop("due date set"))
    return request


@transaction.atomic
def guidance_request_offer_meeting(
    *, request: GuidanceRequest, held_on: datetime.date | None, by: User
) -> GuidanceMeeting:
    """Offer the requester a guidance meeting with the assigned agencies."""
    meeting = GuidanceMeeting(
        title=request.title,
        community=request.organisation,
        status=GuidanceMeeting.Status.OFFERED,
        held_on=held_on,
        phase=request.phase,
        request=request,
    )
    save_with_reason(
        meeting, by=by, reason=MEETING_OFFERED_REASON % {"reference": request.reference}
    )
    meeting.invited_agencies.set(Agency.objects.filter(assignments__request=request))
    meeting.areas.set(request.areas.all())
    return meeting


# --- the agencies' work --------------------------------------------------------------------


@transaction.atomic
def request_note_add(*, request: GuidanceRequest, author: User, text: str) -> RequestNote:
    """An internal note; never shown to the requester."""
    note = RequestNote(request=request, author=author, agency=author.agency, text=text)
    save_with_reason(note, by=author, reason=gettext_noop("internal note"))
    return note


def _mark_in_progress(request: GuidanceRequest, by: User) -> None:
    if request.status == GuidanceRequest.Status.ASSIGNED:
        request.status = GuidanceRequest.Status.IN_PROGRESS
        save_with_reason(request, by=by, reason=gettext_noop("work started"))


@transaction.atomic
def assignment_save_draft(*, assignment: Assignment, draft: str, by: User) -> Assignment:
    """An agency drafts its part; a changed draft needs a new sign-off."""
    assignment.draft = draft
    assignment.signed_off_at = None
    assignment.signed_off_by = None
    save_with_reason(assignment, by=by, reason=gettext_noop("draft saved"))
    _mark_in_progress(GuidanceRequest.objects.get(pk=assignment.request_id), by)
    return assignment


@transaction.atomic
def assignment_sign_off(*, assignment: Assignment, by: User) -> Assignment:
    """The agency signs off on the joint answer as it now stands."""
    request = GuidanceRequest.objects.get(pk=assignment.request_id)
    if not request.answer_text.strip():
        raise ServiceError(_("The lead agency has not written the joint answer yet."))
    if not request.is_open:
        raise ServiceError(_("The request is no longer open."))
    assignment.signed_off_at = timezone.now()
    assignment.signed_off_by = by
    save_with_reason(assignment, by=by, reason=gettext_noop("signed off"))
    return assignment


@transaction.atomic
def guidance_request_write_answer(
    *, request: GuidanceRequest, text: str, normative: bool, by: User
) -> GuidanceRequest:
    """The lead agency writes the agreed text. Changing it voids earlier sign-offs."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise ServiceError(_("The request is no longer open."))
    changed = text != request.answer_text
    request.answer_text = text
    request.answer_normative = normative
    if changed:
        request.dmp_confirmed_at = None
        request.dmp_confirmed_by = None
    if request.status == GuidanceRequest.Status.ASSIGNED:
        request.status = GuidanceRequest.Status.IN_PROGRESS
    save_with_reason(request, by=by, reason=gettext_noop("joint answer written"))
    if changed:
        for assignment in Assignment.objects.filter(request=request, signed_off_at__isnull=False):
            assignment.signed_off_at = None
            assignment.signed_off_by = None
            save_with_reason(
                assignment, by=by, reason=gettext_noop("answer changed; sign-off voided")
            )
    return request


@transaction.atomic
def guidance_request_confirm_dmp(*, request: GuidanceRequest, by: User) -> GuidanceRequest:
    """DMP confirms the answer does not conflict with its supervisory role."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if not request.answer_text.strip():
        raise ServiceError(_("There is no answer to confirm yet."))
    request.dmp_confirmed_at = timezone.now()
    request.dmp_confirmed_by = by
    save_with_reason(
        request, by=by, reason=gettext_noop("DMP confirmed no conflict with its supervisory role")
    )
    return request


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


@transaction.atomic
def guidance_request_send_answer(*, request: GuidanceRequest, by: User) -> GuidanceRequest:
    """The secretariat sends the joint answer; the requester is e-mailed after commit."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    blockers = send_blockers(request, list(request.assignments.all()))
    if blockers:
        raise ServiceError(" ".join(str(b) for b in blockers))
    request.status = GuidanceRequest.Status.ANSWERED
    request.answered_at = timezone.now()
    save_with_reason(request, by=by, reason=gettext_noop("answer sent"))
    _after_commit_email("send_answer", request.pk)
    return request


@transaction.atomic
def guidance_request_close(
    *, request: GuidanceRequest, by: User, unclear_rules: str = ""
) -> GuidanceRequest:
    """Close an answered request, recording which rules proved unclear."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != GuidanceRequest.Status.ANSWERED:
        raise ServiceError(_("Only an answered request can be closed."))
    request.status = GuidanceRequest.Status.CLOSED
    request.closed_at = timezone.now()
    if unclear_rules:
        request.unclear_rules = unclear_rules
    save_with_reason(request, by=by, reason=gettext_noop("closed"))
    if unclear_rules.strip():
        # What proved unclear becomes a gap in the knowledge base, for the responsible agency.
        gap_create(
            data=GapData(
                title=unclear_rules.strip()[:300],
                description="",
                area=request.areas.order_by("order", "name").first(),
                phase=request.phase,
                responsible_agency=None,
            ),
            by=by,
            request=request,
        )
    return request


# --- meetings and gaps ---------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingData:
    title: str
    community: str
    status: str
    held_on: datetime.date | None
    phase: str
    invited_agencies: list[Agency]
    areas: list[RegulatoryArea]
    decision_makers: str
    topics: str
    summary: str
    follow_ups: str
    unclear_rules: str


@transaction.atomic
def guidance_meeting_save(
    *, data: MeetingData, by: User, meeting: GuidanceMeeting | None = None
) -> GuidanceMeeting:
    """Create or update a guidance meeting with a community."""
    meeting = meeting or GuidanceMeeting()
    for name in (
        "title",
        "community",
        "status",
        "held_on",
        "phase",
        "decision_makers",
        "topics",
        "summary",
        "follow_ups",
        "unclear_rules",
    ):
        setattr(meeting, name, getattr(data, name))
    save_with_reason(meeting, by=by, reason=gettext_noop("guidance meeting saved"))
    meeting.invited_agencies.set(data.invited_agencies)
    meeting.areas.set(data.areas)
    if data.unclear_rules.strip() and not meeting.gaps.exists():
        gap_create(
            data=GapData(
                title=data.unclear_rules.strip()[:300],
                description=data.topics,
                area=data.areas[0] if data.areas else None,
                phase=data.phase,
                responsible_agency=None,
            ),
            by=by,
            meeting=meeting,
        )
    return meeting


@dataclass(frozen=True)
class GapData:
    title: str
    description: str
    area: RegulatoryArea | None
    phase: str
    responsible_agency: Agency | None


@transaction.atomic
def gap_create(
    *,
    data: GapData,
    by: User | None,
    request: GuidanceRequest | None = None,
    meeting: GuidanceMeeting | None = None,
) -> Gap:
    """Record guidance that is needed but does not exist yet, for the responsible agency."""
    agency = data.responsible_agency
    if agency is None and data.area is not None:
        agency = responsible_agencies(area=data.area, on=timezone.localdate())[:1]
        agency = agency[0] if agency else None
    gap = Gap(
        title=data.title,
        description=data.description,
        area=data.area,
        phase=data.phase,
        responsible_agency=agency,
        request=request,
        meeting=meeting,
    )
    save_with_reason(gap, by=by, reason=gettext_noop("gap recorded"))
    return gap


def responsible_agencies(*, area: RegulatoryArea, on: datetime.date) -> list[Agency]:
    """The agencies responsible for `area` on the day `on`."""
    from guidance.selectors import responsibilities_on

    return [r.agency for r in responsibilities_on(areas=[area], on=on)]


# --- knowledge base ------------------------------------------------------------------------

ALLOWED_TAGS = {
    "p", "a", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote",
    "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "br", "hr",
}  # fmt: skip


def render_markdown(text: str) -> str:
    """Markdown to HTML, sanitised with nh3: no scripts, no images, no foreign schemes."""
    html = markdown.markdown(text, extensions=["tables"])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@dataclass(frozen=True)
class ArticleData:
    slug: str
    title: str
    summary: str
    body_markdown: str
    phases: list[str]
    topics: list[str]
    areas: list[RegulatoryArea]
    responsible_agency: Agency
    where_to_turn: str
    normative: bool
    review_due: datetime.date | None
    source_request: GuidanceRequest | None = None


@transaction.atomic
def article_save(*, data: ArticleData, by: User | None, article: Article | None = None) -> Article:
    """Create or update an article. The body is sanitised here, once."""
    article = article or Article()
    for name in (
        "slug",
        "title",
        "summary",
        "body_markdown",
        "phases",
        "topics",
        "responsible_agency",
        "where_to_turn",
        "normative",
        "review_due",
    ):
        setattr(article, name, getattr(data, name))
    if data.source_request is not None:
        article.source_request = data.source_request
    article.body_html = render_markdown(data.body_markdown)
    save_with_reason(article, by=by, reason=gettext_noop("article saved"))
    article.areas.set(data.areas)
    return article


@transaction.atomic
def article_publish(*, article: Article, no_personal_data: bool, by: User | None) -> Article:
    """Publish, once someone has checked that the text holds no personal data."""
    if not no_personal_data:
        raise ServiceError(_("Confirm that the article contains no personal data."))
    article.no_personal_data = True
    article.published = True
    article.published_at = article.published_at or timezone.now()
    save_with_reason(article, by=by, reason=gettext_noop("published"))
    return article


@transaction.atomic
def article_unpublish(*, article: Article, by: User, reason: str) -> Article:
    """Take an article off the public knowledge base, saying why."""
    if not reason.strip():
        raise ServiceError(_("Give a reason."))
    article.published = False
    save_with_reason(article, by=by, reason=UNPUBLISHED_REASON % {"reason": reason})
    return article


# --- retention -----------------------------------------------------------------------------


def _history_model(model):
    return model.history.model


@transaction.atomic
def guidance_request_anonymise(*, request: GuidanceRequest, by: User | None, reason: str) -> bool:
    """Replace the requester's personal data, in the rows and in their history.

    Safe to run again: an anonymised request is left alone (returns False).
    """
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if request.anonymised_at is not None:
        return False
    organisation = request.organisation
    _scrub_logs(values=[request.requester_name, request.requester_email])
    request.requester_name = ANONYMISED_NAME
    request.requester_email = ANONYMISED_EMAIL
    request.organisation = ANONYMISED_NAME
    request.question = ANONYMISED_TEXT
    request.anonymised_at = timezone.now()
    save_with_reason(request, by=by, reason=ANONYMISED_REASON % {"reason": reason})
    _history_model(GuidanceRequest).objects.filter(id=request.pk).update(
        requester_name=ANONYMISED_NAME,
        requester_email=ANONYMISED_EMAIL,
        organisation=ANONYMISED_NAME,
        question=ANONYMISED_TEXT,
    )
    RequesterMessage.objects.filter(request=request).update(text=ANONYMISED_TEXT)
    _history_model(RequesterMessage).objects.filter(request_id=request.pk).update(
        text=ANONYMISED_TEXT
    )
    RequestNote.objects.filter(request=request).update(text=ANONYMISED_TEXT)
    _history_model(RequestNote).objects.filter(request_id=request.pk).update(text=ANONYMISED_TEXT)
    # A meeting offered from the request copied the organisation as its community.
    meetings = GuidanceMeeting.objects.filter(request=request, community=organisation)
    _history_model(GuidanceMeeting).objects.filter(
        id__in=list(meetings.values_list("pk", flat=True)), community=organisation
    ).update(community=ANONYMISED_NAME)
    meetings.update(community=ANONYMISED_NAME)
    TrackingToken.objects.filter(request=request).delete()
    return True


def _scrub_logs(*, values: list[str]) -> None:
    """Personal data also lands outside the request: in the admin's log (an object's name in a
    change message) and in the login-attempt tables (someone typed their e-mail as a user name).
    """
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.admin.models import LogEntry

    for value in [v for v in values if v and v not in (ANONYMISED_NAME, ANONYMISED_EMAIL)]:
        for entry in LogEntry.objects.filter(
            models.Q(object_repr__icontains=value) | models.Q(change_message__icontains=value)
        ):
            entry.object_repr = entry.object_repr.replace(value, ANONYMISED_NAME)
            entry.change_message = entry.change_message.replace(value, ANONYMISED_NAME)
            entry.save(update_fields=["object_repr", "change_message"])
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=value).delete()


def anonymise_closed_requests(*, now: datetime.datetime | None = None) -> int:
    """Anonymise every finished request older than settings.GUIDANCE_RETENTION_DAYS."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.GUIDANCE_RETENTION_DAYS)
    due = GuidanceRequest.objects.filter(
        status__in=GuidanceRequest.FINISHED_STATUSES,
        closed_at__lt=cutoff,
        anonymised_at__isnull=True,
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        request = GuidanceRequest(pk=pk)
        if guidance_request_anonymise(
            request=request, by=None, reason=gettext_noop("retention period ended")
        ):
            count += 1
    if count:
        logger.info("anonymised %d guidance requests", count)
    return count


# --- dissolution ---------------------------------------------------------------------------


def move_assignments_on_dissolution(
    *, agency: Agency, successor: Agency, on: datetime.date, by: User | None, reason: str
) -> int:
    """Open requests assigned to a dissolved agency move to its successor."""
    moved = 0
    for assignment in Assignment.objects.select_related("request").filter(
        agency=agency, request__status__in=GuidanceRequest.OPEN_STATUSES
    ):
        request = assignment.request
        existing = Assignment.objects.filter(request=request, agency=successor).first()
        if existing is not None:
            if assignment.role == Assignment.Role.LEAD:
                assignment._change_reason = reason
                assignment._history_user = by
                assignment.delete()
                existing.role = Assignment.Role.LEAD
                save_with_reason(existing, by=by, reason=reason)
            else:
                assignment._change_reason = reason
                assignment._history_user = by
                assignment.delete()
        else:
            assignment.agency = successor
            save_with_reason(assignment, by=by, reason=reason)
        guidance_request_sync_perms(request=request)
        moved += 1
    return moved


# --- e-mail (run by the Celery tasks, after commit) ----------------------------------------


def _track_url(token: str) -> str:
    return f"{settings.GUIDANCE_PUBLIC_BASE_URL.rstrip('/')}/guidance/track/{token}/"


def _send(request: GuidanceRequest, subject: str, body: str) -> None:
    from django.core.mail import send_mail

    if request.anonymised_at is not None:
        return
    send_mail(subject, body, None, [request.requester_email])
    # Log the reference only: never the address, never the token.
    logger.info("guidance e-mail sent for %s", request.reference)


def email_receipt(*, request_id: int, token: str) -> None:
    """The receipt with the reference and the private tracking link."""
    request = GuidanceRequest.objects.get(pk=request_id)
    subject = _("We have received your question (%(ref)s)") % {"ref": request.reference}
    body = _(
        "Thank you for your question to the inter-agency regulatory guidance.\n\n"
        "Reference: %(ref)s\nFollow your request here (keep the link private):\n%(url)s\n"
    ) % {"ref": request.reference, "url": _track_url(token)}
    _send(request, subject, body)


def email_link(*, request_id: int, token: str) -> None:
    """A fresh tracking link, asked for on the «send me my link again» page."""
    request = GuidanceRequest.objects.get(pk=request_id)
    subject = _("Your link to %(ref)s") % {"ref": request.reference}
    body = _(
        "Here is a new link to follow your request %(ref)s. "
        "Earlier links no longer work.\n%(url)s\n"
    ) % {"ref": request.reference, "url": _track_url(token)}
    _send(request, subject, body)


def email_status(*, request_id: int) -> None:
    """Tell the requester that the request was rejected, referred or declined, and why."""
    request = GuidanceRequest.objects.get(pk=request_id)
    subject = _("Your request %(ref)s: %(status)s") % {
        "ref": request.reference,
        "status": request.get_status_display(),
    }
    body = _("Status: %(status)s\n%(reason)s\n%(where)s\n") % {
        "status": request.get_status_display(),
        "reason": request.status_reason,
        "where": request.referred_to,
    }
    _send(request, subject, body)


def email_answer(*, request_id: int) -> None:
    """Send the joint answer."""
    request = GuidanceRequest.objects.get(pk=request_id)
    subject = _("Answer to your request %(ref)s") % {"ref": request.reference}
    _send(request, subject, request.answer_text)
