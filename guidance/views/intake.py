"""The public question form (no login): parse, drop spam, throttle, record, show the receipt."""

import logging
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from guidance.forms.public import AskForm, empty_ask_form_html
from guidance.services.intake import guidance_request_submit
from kiraad import idempotency, throttle
from kiraad.services import ServiceError

logger = logging.getLogger(__name__)


def throttled(request: HttpRequest, *, scope: str, rate: str, key: str | None = None):
    """Count one valid submission; the Verdict, or None when it is allowed."""
    verdict = throttle.hit(scope=scope, key=key or throttle.client_address(request), rate=rate)
    if verdict.allowed:
        return None
    logger.info("guidance: %s throttled", scope)
    return verdict


def no_store(view):
    """No caching of a public form's answers. The form page itself keeps the site's referrer
    policy: under «no-referrer» browsers post the form with `Origin: null`, which CSRF refuses."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


ASK_SCOPE = "guidance-ask"


def _already_sent(request: HttpRequest, reference: str) -> HttpResponse:
    """The first POST's receipt again (a double click, a reload): no second request."""
    context = {"reference": reference, "already_sent": True}
    return render(request, "guidance/ask_receipt.html", context)


@login_not_required
@no_store
@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST":
        key = idempotency.posted_key(request)
        if reference := idempotency.first_anonymous_result(ASK_SCOPE, key):
            return _already_sent(request, reference)
        if form.is_spam:
            # Look like success to the bot; store nothing.
            logger.info("guidance form: honeypot filled, submission dropped")
            return render(request, "guidance/ask_receipt.html", {"reference": ""})
        if form.is_valid():
            limited = throttled(request, scope="guidance-ask", rate=settings.GUIDANCE_ASK_RATE)
            if limited:
                # Everything typed stays in the form; the page says when to send it.
                context = {"form": form, "retry_at": limited.retry_at}
                return render(request, "guidance/ask_form.html", context, status=429)
            try:
                with transaction.atomic():
                    obj, token = guidance_request_submit(data=form.to_data())
                    if key:
                        idempotency.remember_anonymous(ASK_SCOPE, key, obj.reference)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            except IntegrityError:
                # A POST with the same key finished meanwhile; this one's writes are undone.
                return _already_sent(request, idempotency.first_anonymous_result(ASK_SCOPE, key))
            else:
                track_url = request.build_absolute_uri(f"/guidance/track/{token}/")
                receipt = render(
                    request,
                    "guidance/ask_receipt.html",
                    {"reference": obj.reference, "track_url": track_url},
                )
                receipt["Referrer-Policy"] = "no-referrer"  # the page shows the token
                return receipt
    page: dict = {"form": form}
    if not form.is_bound:
        page["form_html"] = empty_ask_form_html()
    return render(request, "guidance/ask_form.html", page)
