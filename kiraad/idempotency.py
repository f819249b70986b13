"""Create forms that act once: each form carries a one-time key (`{% form_key %}`), and a
second POST with the same key — a double click, a reload, a retry after a timeout — shows the
first result instead of creating again or reporting a conflict.

One shared mechanism: `@idempotent("scope")` on a view wraps its POST branch. The first POST
claims the key (a row in kiraad.guard_models.IdempotencyKey, unique per user, scope and key)
in the same transaction as the view's writes; when the view answers with a redirect (the
result), the row keeps where it led. A later POST with that key is sent there. Two POSTs at
the same moment: PostgreSQL makes the second insert wait for the first transaction, then
refuses it, and the second is sent to the first one's result. A POST that does not succeed
(a form error) gives its key back.

The public question form has no user: `first_anonymous_result` and `remember_anonymous` keep its
key with the request's reference (the view shows the receipt again, without the link, which
was shown once and e-mailed).
"""

import datetime
import re
import secrets
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from kiraad.models import IdempotencyKey

FIELD = "form_key"
KEEP = datetime.timedelta(days=2)
_KEY = re.compile(r"^[0-9a-f]{32}$")


class _NotDone(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def new_key() -> str:
    return secrets.token_hex(16)


def posted_key(request: HttpRequest) -> str:
    value = request.POST.get(FIELD, "")
    return value if _KEY.match(value) else ""


def _replay(request: HttpRequest, scope: str, key: str) -> HttpResponse | None:
    user_id = request.user.pk
    if user_id is None:
        return None  # nobody signed in: nothing of theirs to replay
    url = (
        IdempotencyKey.objects.filter(user_id=user_id, scope=scope, key=key)
        .exclude(result_url="")
        .values_list("result_url", flat=True)
        .first()
    )
    if not url:
        return None
    messages.info(request, _("This form was already sent; this is what it saved."))
    return redirect(url)


def once(request: HttpRequest, scope: str, handle: Callable[[], HttpResponse]) -> HttpResponse:
    """Run `handle` (the view's POST branch) at most once per form key."""
    key = posted_key(request)
    if not key or not request.user.is_authenticated:
        return handle()
    if (done := _replay(request, scope, key)) is not None:
        return done
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(
                user=request.user, scope=scope, key=key, result_url=""
            )
            response = handle()
            if response.status_code not in (301, 302, 303):
                raise _NotDone(response)
            row.result_url = response["Location"][:500]
            row.save(update_fields=["result_url"])
    except _NotDone as not_done:
        return not_done.response
    except IntegrityError:
        # Claimed by a POST with the same key that has finished meanwhile.
        return _replay(request, scope, key) or redirect(request.path)
    keys_prune()
    return response


def idempotent(scope: str):
    """Make a create view's POST act once per form key (see the module's docstring)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            return once(request, scope, lambda: view(request, *args, **kwargs))

        return wrapper

    return decorate


def first_anonymous_result(scope: str, key: str) -> str:
    """What a public form's first POST with `key` recorded, or ""."""
    if not key:
        return ""
    return (
        IdempotencyKey.objects.filter(user=None, scope=scope, key=key)
        .values_list("result_url", flat=True)
        .first()
        or ""
    )


def remember_anonymous(scope: str, key: str, result: str) -> None:
    """Claim a public form's key with its result, inside the caller's transaction.

    Raises IntegrityError when a POST with the same key got there first: the caller's
    transaction is then rolled back as a whole (no savepoint here) and it shows that one's
    result. Old keys are pruned by `keys_prune` (daily, and on the signed-in forms' POSTs), not
    on the public form's path."""
    IdempotencyKey.objects.create(user=None, scope=scope, key=key, result_url=result[:500])


def keys_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete form keys older than KEEP; returns how many."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _per_model = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()
    return deleted
