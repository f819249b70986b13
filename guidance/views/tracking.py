"""The requester's private tracking page (the token is the credential), and «send me my link
again»."""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from guidance import tasks
from guidance.forms.public import MessageForm, ResendLinkForm
from guidance.models import GuidanceRequest
from guidance.services.tracking import requester_message_add, tracking_token_redeem
from guidance.views.intake import no_store, throttled
from kiraad.services import ServiceError

logger = logging.getLogger(__name__)


def private_page(view):
    """No caching and no Referer leaking the token to linked sites."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


@csrf_exempt
@login_not_required
@private_page
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest, token: str) -> HttpResponse:
    obj = tracking_token_redeem(token=token)
    if obj is None:
        raise Http404
    form = MessageForm(request.POST or None)
    retry_at = None
    if request.method == "POST" and form.is_valid():
        limited = throttled(
            request,
            scope="guidance-follow-up",
            rate=settings.GUIDANCE_FOLLOW_UP_RATE,
            key=f"request:{obj.pk}",
        )
        if limited:
            retry_at = limited.retry_at
        else:
            try:
                requester_message_add(request=obj, text=form.cleaned_data["text"])
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your message has been sent."))
                return redirect(request.path)
    can_write = obj.is_open or obj.status == GuidanceRequest.Status.ANSWERED
    context = {
        "request_obj": obj,
        "form": form if can_write else None,
        "sent_messages": list(obj.messages.all()),
        "show_answer": obj.status
        in (GuidanceRequest.Status.ANSWERED, GuidanceRequest.Status.CLOSED),
        "retry_at": retry_at,
    }
    status = 429 if retry_at else 200
    return render(request, "guidance/request_track.html", context, status=status)


@login_not_required
@no_store
@require_http_methods(["GET", "POST"])
def resend_link(request: HttpRequest) -> HttpResponse:
    form = ResendLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        limited = throttled(
            request, scope="guidance-resend", rate=settings.GUIDANCE_RESEND_RATE
        ) or throttled(
            request,
            scope="guidance-resend-email",
            rate=settings.GUIDANCE_RESEND_RATE,
            key=f"email:{email}",
        )
        if limited:
            context = {"form": form, "retry_at": limited.retry_at}
            return render(request, "guidance/resend_form.html", context, status=429)
        try:
            tasks.send_link_again.delay(form.cleaned_data["email"])
        except Exception:
            logger.exception("could not enqueue the link e-mail")
        # The same answer whether or not the address is known.
        return render(request, "guidance/resend_done.html")
    return render(request, "guidance/resend_form.html", {"form": form})
