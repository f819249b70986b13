"""Escalations raised by a network: drafting, assessment, the council's agenda and answer.

Every write records who made it and why (simple-history)."""

from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kiraad.access import Role
from kiraad.models import Agency, AgendaItem, Meeting, User
from kiraad.notifications import notify
from kiraad.services import ServiceError, save_with_reason
from network import reasons
from network.models import (
    Escalation,
    EscalationCategory,
    EscalationLevel,
    Network,
)
from network.priority import compute_priority
from network.selectors import meetings_open_for_agenda

S = Escalation.Status

# History reasons with values: stored in English, translated when shown (kiraad.history).

# Said in the coordinator's e-mail, translated in their language when it is sent.
ANSWER_NORMATIVE = gettext_noop("The answer is normative.")
ANSWER_ADVICE = gettext_noop("The answer is advice only, not normative.")

# Which status may follow which; the services below are the only way to move.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    S.DRAFT: (S.RAISED, S.CLOSED),
    S.RAISED: (S.AWAITING_COUNCIL, S.ON_AGENDA, S.CLOSED),
    S.AWAITING_COUNCIL: (S.ON_AGENDA, S.CLOSED),
    S.ON_AGENDA: (S.ANSWERED,),
    S.ANSWERED: (S.SENT_BACK,),
    S.SENT_BACK: (S.CLOSED,),
    S.CLOSED: (),
}

# The coordinator may still edit the issue itself until the council takes it up.
EDITABLE_STATUSES = (S.DRAFT, S.RAISED)


@dataclass(frozen=True)
class EscalationData:
    title: str
    description: str
    category: EscalationCategory
    severity: int
    resources: int
    benefit: int
    target_level: EscalationLevel | None


@dataclass(frozen=True)
class ResponseData:
    council_response: str
    answer_normative: bool
    responsible_agency: Agency | None


def _move(escalation: Escalation, to: str) -> None:
    if to not in TRANSITIONS[escalation.status]:
        raise ServiceError(
            _("The escalation cannot move from «%(old)s» to «%(new)s».")
            % {"old": escalation.get_status_display(), "new": S(to).label}
        )
    escalation.status = to


def _lock(escalation: Escalation) -> Escalation:
    return Escalation.objects.select_for_update().get(pk=escalation.pk)


def _set_scores(escalation: Escalation, *, severity: int, resources: int, benefit: int) -> None:
    escalation.severity = severity
    escalation.resources = resources
    escalation.benefit = benefit
    escalation.computed_priority = compute_priority(
        severity=severity, resources=resources, benefit=benefit
    )
    escalation.priority = escalation.priority_override or escalation.computed_priority


@transaction.atomic
def escalation_create(
    *, network: Network, raised_by: User, data: EscalationData, submit: bool = True
) -> Escalation:
    """Raise an escalation for `network` (or keep it as a draft when `submit` is false)."""
    escalation = Escalation(
        network=network,
        raised_by=raised_by,
        title=data.title,
        description=data.description,
        category=data.category,
        target_level=data.target_level,
        status=S.RAISED if submit else S.DRAFT,
        raised_at=timezone.now() if submit else None,
    )
    _set_scores(escalation, severity=data.severity, resources=data.resources, benefit=data.benefit)
    save_with_reason(
        escalation,
        by=raised_by,
        reason=reasons.RAISED() if submit else reasons.DRAFT_CREATED(),
    )
    return escalation


@transaction.atomic
def escalation_update(*, escalation: Escalation, by: User, data: EscalationData) -> Escalation:
    """Edit the issue and its scores while the council has not yet taken it up."""
    escalation = _lock(escalation)
    if escalation.status not in EDITABLE_STATUSES:
        raise ServiceError(_("The escalation can no longer be edited."))
    escalation.title = data.title
    escalation.description = data.description
    escalation.category = data.category
    escalation.target_level = data.target_level
    _set_scores(escalation, severity=data.severity, resources=data.resources, benefit=data.benefit)
    save_with_reason(escalation, by=by, reason=reasons.EDITED())
    return escalation


@transaction.atomic
def escalation_submit(*, escalation: Escalation, by: User) -> Escalation:
    """Raise a draft to the council."""
    escalation = _lock(escalation)
    _move(escalation, S.RAISED)
    escalation.raised_at = timezone.now()
    save_with_reason(escalation, by=by, reason=reasons.RAISED())
    notify(
        kind="escalation_new",
        recipients=[Role.SECRETARIAT],
        subject_object=escalation,
        context={"title": escalation.title},
        path=escalation.get_absolute_url(),
    )
    return escalation


@transaction.atomic
def escalation_assess(
    *,
    escalation: Escalation,
    by: User,
    assessment: str,
    severity: int,
    resources: int,
    benefit: int,
    target_level: EscalationLevel | None,
) -> Escalation:
    """Record the secretariat's and the council's joint assessment beside the three scores.

    A raised escalation then awaits the council.
    """
    escalation = _lock(escalation)
    if escalation.status in (S.DRAFT, S.SENT_BACK, S.CLOSED):
        raise ServiceError(_("This escalation cannot be assessed now."))
    if not assessment.strip():
        raise ServiceError(_("Write the joint assessment."))
    escalation.assessment = assessment
    escalation.target_level = target_level
    _set_scores(escalation, severity=severity, resources=resources, benefit=benefit)
    if escalation.status == S.RAISED:
        _move(escalation, S.AWAITING_COUNCIL)
    save_with_reason(escalation, by=by, reason=reasons.JOINT_ASSESSMENT())
    return escalation


@transaction.atomic
def escalation_override_priority(
    *, escalation: Escalation, by: User, priority: int | None, reason: str
) -> Escalation:
    """Set (or clear, with `priority=None`) the priority override. A reason is always required:
    the criteria are weighed together, and a departure from the rule must say why."""
    escalation = _lock(escalation)
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give a reason for overriding the priority."))
    escalation.priority_override = priority
    escalation.priority_override_reason = reason if priority is not None else ""
    escalation.priority = priority or escalation.computed_priority
    save_with_reason(
        escalation,
        by=by,
        reason=(reasons.PRIORITY_OVERRIDDEN if priority else reasons.OVERRIDE_REMOVED)(
            reason=reason
        ),
    )
    return escalation


@transaction.atomic
def escalation_put_on_agenda(
    *, escalation: Escalation, meeting: Meeting, by: User, kind: str = AgendaItem.Kind.ADVICE
) -> AgendaItem:
    """Put the escalation on an upcoming meeting's agenda. The new agenda item links back
    through `AgendaItem.escalations`."""
    escalation = _lock(escalation)
    if not meetings_open_for_agenda().filter(pk=meeting.pk).exists():
        raise ServiceError(_("Choose an upcoming meeting that has not been held."))
    _move(escalation, S.ON_AGENDA)
    last = meeting.agenda_items.aggregate(last=models.Max("order"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        order=last + 1,
        kind=kind,
        title=escalation.title,
        text=escalation.description,
        presenter_agency=escalation.network.agency,
    )
    save_with_reason(item, by=by, reason=reasons.AGENDA_ITEM_FROM_ESCALATION())
    escalation.agenda_item = item
    save_with_reason(escalation, by=by, reason=reasons.PUT_ON_AGENDA())
    return item


@transaction.atomic
def escalation_record_response(
    *, escalation: Escalation, by: User, data: ResponseData
) -> Escalation:
    """Record the council's response. A normative answer must name the responsible agency,
    and that agency cannot be a network: advice from the network is never normative."""
    escalation = _lock(escalation)
    if not data.council_response.strip():
        raise ServiceError(_("Write the council's response."))
    if data.answer_normative:
        if data.responsible_agency is None:
            raise ServiceError(_("A normative answer names the responsible agency."))
        if data.responsible_agency.kind == Agency.Kind.NETWORK:
            raise ServiceError(_("Advice from a network is never normative."))
    if escalation.status != S.ANSWERED:
        _move(escalation, S.ANSWERED)
    escalation.council_response = data.council_response
    escalation.answer_normative = data.answer_normative
    escalation.responsible_agency = data.responsible_agency
    escalation.answered_at = timezone.now()
    save_with_reason(escalation, by=by, reason=reasons.COUNCIL_RESPONSE())
    return escalation


@transaction.atomic
def escalation_send_back(*, escalation: Escalation, by: User) -> Escalation:
    """Send the answer back to the network; the coordinator who raised it is notified through
    the outbox in this transaction (sent once, after commit)."""
    escalation = _lock(escalation)
    _move(escalation, S.SENT_BACK)
    escalation.sent_back_at = timezone.now()
    save_with_reason(escalation, by=by, reason=reasons.SENT_BACK())
    notify(
        kind="answer_sent_back",
        recipients=[escalation.raised_by],
        subject_object=escalation,
        context={
            "title": escalation.title,
            "network": escalation.network.name,
            "response": escalation.council_response,
            "nature": ANSWER_NORMATIVE if escalation.answer_normative else ANSWER_ADVICE,
        },
        path=escalation.get_absolute_url(),
        key="sent-back",
    )
    return escalation


@transaction.atomic
def escalation_close(*, escalation: Escalation, by: User, reason: str) -> Escalation:
    """Close the escalation, with a reason."""
    escalation = _lock(escalation)
    if not reason.strip():
        raise ServiceError(_("Give a reason for closing."))
    _move(escalation, S.CLOSED)
    save_with_reason(escalation, by=by, reason=reasons.CLOSED(reason=reason.strip()))
    return escalation


__all__ = [
    "EDITABLE_STATUSES",
    "TRANSITIONS",
    "EscalationData",
    "ResponseData",
    "S",
    "escalation_assess",
    "escalation_close",
    "escalation_create",
    "escalation_override_priority",
    "escalation_put_on_agenda",
    "escalation_record_response",
    "escalation_send_back",
    "escalation_submit",
    "escalation_update",
]
