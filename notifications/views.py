from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from kiraad.http import AuthenticatedHttpRequest
from notifications import access, selectors
from notifications.forms import MailboxForm, PreferencesForm
from notifications.panels import PANEL_LIMIT
from notifications.services import preferences as preference_services


@require_GET
def tasks(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # The navigation's count (on every page) and the dashboard's top panel load these
    # fragments after the page, so no other page waits for them. The count builds no line:
    # one query for all kinds' totals.
    fragment = request.GET.get("fragment")
    if fragment == "count":
        count = selectors.my_task_count(user=request.user, today=today)
        return render(request, "notifications/tasks_count.html", {"count": count})
    todos = selectors.my_tasks(user=request.user, today=today)
    count = sum(todo.count for todo in todos)  # a «… and N more» line counts its N
    if fragment == "panel":
        context = {"todos": todos[:PANEL_LIMIT], "count": count, "today": today}
        return render(request, "notifications/panels/tasks_list.html", {"panel": context})
    # This page knows the count already: the navigation shows it without asking again.
    return render(
        request,
        "notifications/tasks.html",
        {"todos": todos, "today": today, "count": count, "task_count": count},
    )


@require_http_methods(["GET", "POST"])
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    rows = selectors.preference_rows(user=user)
    initial = {f"kind_{row.kind.code}": row.delivery for row in rows}
    initial["language"] = selectors.email_language(user)
    may_name_mailbox = access.can_name_mailbox(user)
    mailbox = selectors.agency_mailbox(agency_id=user.agency_id)
    form = PreferencesForm(request.POST or None, initial=initial)
    mailbox_form = MailboxForm(
        request.POST or None, initial={"mailbox": mailbox.email if mailbox else ""}
    )
    if request.method == "POST" and form.is_valid() and mailbox_form.is_valid():
        preference_services.preferences_set(
            user=user, deliveries=form.deliveries(), language=form.cleaned_data["language"]
        )
        if may_name_mailbox and user.agency is not None:
            preference_services.mailbox_set(
                agency=user.agency, email=mailbox_form.cleaned_data["mailbox"]
            )
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "mailbox_form": mailbox_form if may_name_mailbox else None},
    )


@require_GET
def failed(request: HttpRequest) -> HttpResponse:
    if not access.can_see_failed(request.user):
        raise PermissionDenied
    return render(request, "notifications/failed.html", {"rows": selectors.failed_notifications()})


@login_not_required
@csrf_exempt  # RFC 8058 one-click: the mail client posts without a session; the token decides
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        signing.loads(token, salt=preference_services.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST":
        kinds = preference_services.unsubscribe(token=token)
        return render(request, "notifications/unsubscribe.html", {"done": True, "kinds": kinds})
    return render(request, "notifications/unsubscribe.html", {"token": token})
