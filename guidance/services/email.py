"""E-mail to the requester: enqueued after commit, sent by the Celery tasks.

Only the reference is logged: never the address, never the token.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from guidance.models import GuidanceRequest

logger = logging.getLogger(__name__)


def enqueue_email(task_name: str, *args: int, token: str | None = None) -> None:
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


def _track_url(token: str) -> str:
    return f"{settings.SITE_URL}/guidance/track/{token}/"


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
