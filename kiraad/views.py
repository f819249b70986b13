import logging

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kiraad import throttle
from kiraad.access import is_secretariat
from kiraad.council_page import council_sections
from kiraad.dashboard import dashboard_panels
from kiraad.forms import PasswordResetForm
from kiraad.meetings import selectors as meeting_selectors

logger = logging.getLogger(__name__)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "kiraad/dashboard.html", {"panels": dashboard_panels(request.user)})


@require_GET
def council(request: HttpRequest) -> HttpResponse:
    sections = council_sections(today=timezone.localdate())
    upcoming, past = meeting_selectors.meetings_split(sections.meetings, user=request.user)
    context = {
        "body": sections.body,
        "mandate": sections.mandate,
        "sections": sections,
        "upcoming": upcoming,
        "past": past,
        "is_secretariat": is_secretariat(request.user),
        "held_per_half_year": sections.held_per_half_year,
    }
    return render(request, "kiraad/council.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 when the database (and the broker, where one is set) answers, else 503."""
    checks = {"database": _check_database(), "broker": _check_broker()}
    healthy = all(state in ("ok", "not configured") for state in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    return JsonResponse(body, status=200 if healthy else 503)


@login_not_required
@never_cache
@require_GET
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers; touches nothing else (the benchmark's ceiling)."""
    return HttpResponse("ok", content_type="text/plain")


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return "down"
    return "ok"


def _check_broker() -> str:
    url = settings.CELERY_BROKER_URL
    if not url:
        return "not configured"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
    except redis.RedisError:
        logger.warning("health check: broker unreachable")
        return "down"
    return "ok"


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset page with a throttle per client address and per e-mail address asked
    for: a flood of reset mails is refused with the form kept and the time to try again."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        verdict = throttle.hit(
            scope="password-reset",
            key=throttle.client_address(self.request),
            rate=settings.PASSWORD_RESET_RATE,
        )
        if verdict.allowed:
            verdict = throttle.hit(
                scope="password-reset-email",
                key=f"email:{email}",
                rate=settings.PASSWORD_RESET_EMAIL_RATE,
            )
        if verdict.allowed:
            return super().form_valid(form)
        retry = timezone.localtime(verdict.retry_at)
        form.add_error(
            None,
            _(
                "Too many reset e-mails were asked for in a short while. "
                "Please try again after %(time)s."
            )
            % {"time": retry.strftime("%H:%M")},
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)
