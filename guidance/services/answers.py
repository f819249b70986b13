"""The agencies' work on an answer: notes, drafts, the joint answer, sign-offs, DMP's
confirmation, sending and closing.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidance import reasons
from guidance.access import DMP_CODE
from guidance.models import Assignment, GuidanceRequest, RequestNote
from guidance.selectors import send_blockers
from guidance.services.email import enqueue_email
from guidance.services.gaps import GapData, gap_create
from kiraad.models import Agency, User
from kiraad.notifications import notify
from kiraad.services import ServiceError, save_with_reason


@transaction.atomic
def request_note_add(*, request: GuidanceRequest, author: User, text: str) -> RequestNote:
    """An internal note; never shown to the requester."""
    note = RequestNote(request=request, author=author, agency=author.agency, text=text)
    save_with_reason(note, by=author, reason=reasons.INTERNAL_NOTE())
    return note


def _mark_in_progress(request: GuidanceRequest, by: User) -> None:
    if request.status == GuidanceRequest.Status.ASSIGNED:
        request.status = GuidanceRequest.Status.IN_PROGRESS
        save_with_reason(request, by=by, reason=reasons.WORK_STARTED())


@transaction.atomic
def assignment_save_draft(*, assignment: Assignment, draft: str, by: User) -> Assignment:
    """An agency drafts its part; a changed draft needs a new sign-off."""
    assignment.draft = draft
    assignment.signed_off_at = None
    assignment.signed_off_by = None
    save_with_reason(assignment, by=by, reason=reasons.DRAFT_SAVED())
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
    save_with_reason(assignment, by=by, reason=reasons.SIGNED_OFF())
    everyone_signed = not Assignment.objects.filter(
        request=request, signed_off_at__isnull=True
    ).exists()
    if request.dmp_required and request.dmp_confirmed_at is None and everyone_signed:
        notify(
            kind="dmp_confirmation",
            recipients=Agency.objects.filter(code=DMP_CODE),
            subject_object=request,
            context={"title": request.reference},
            path=request.get_absolute_url(),
        )
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
    save_with_reason(request, by=by, reason=reasons.JOINT_ANSWER_WRITTEN())
    if changed:
        for assignment in Assignment.objects.filter(request=request, signed_off_at__isnull=False):
            assignment.signed_off_at = None
            assignment.signed_off_by = None
            save_with_reason(assignment, by=by, reason=reasons.SIGN_OFF_VOIDED())
    return request


@transaction.atomic
def guidance_request_confirm_dmp(*, request: GuidanceRequest, by: User) -> GuidanceRequest:
    """DMP confirms the answer does not conflict with its supervisory role."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    if not request.answer_text.strip():
        raise ServiceError(_("There is no answer to confirm yet."))
    request.dmp_confirmed_at = timezone.now()
    request.dmp_confirmed_by = by
    save_with_reason(request, by=by, reason=reasons.DMP_CONFIRMED())
    return request


@transaction.atomic
def guidance_request_send_answer(*, request: GuidanceRequest, by: User) -> GuidanceRequest:
    """The secretariat sends the joint answer; the requester is e-mailed after commit."""
    request = GuidanceRequest.objects.select_for_update().get(pk=request.pk)
    blockers = send_blockers(request, list(request.assignments.all()))
    if blockers:
        raise ServiceError(" ".join(str(b) for b in blockers))
    request.status = GuidanceRequest.Status.ANSWERED
    request.answered_at = timezone.now()
    save_with_reason(request, by=by, reason=reasons.ANSWER_SENT())
    enqueue_email("send_answer", request.pk)
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
    save_with_reason(request, by=by, reason=reasons.CLOSED())
    if unclear_rules.strip():
        # What proved unclear becomes a gap in the knowledge base, for the responsible agency.
        # Its title names the request; the text (which may quote the requester) is the
        # description, scrubbed with the request at retention.
        gap_create(
            data=GapData(
                title=_("Unclear rules from %(reference)s") % {"reference": request.reference},
                description=unclear_rules.strip(),
                area=request.areas.order_by("order", "name").first(),
                phase=request.phase,
                responsible_agency=None,
            ),
            by=by,
            request=request,
        )
    return request
