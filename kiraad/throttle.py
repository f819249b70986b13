"""Throttles for the public forms: fixed-window counters per (scope, client key).

Counted in the cache (Redis); when the cache is down the count moves to a small PostgreSQL
table (kiraad.guard_models.ThrottleCounter) instead of letting everything through. Callers count
only what they would act on (a valid form), so a refused form never uses up a try, and they
show the form again with what was typed and `Verdict.retry_at`.

The client's address is read through the configured number of trusted proxies
(`TRUSTED_PROXY_COUNT`): the address the nearest trusted proxy saw. Anything a client puts in
`X-Forwarded-For` itself sits further left and is never used.
"""

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from kiraad.models import ThrottleCounter

logger = logging.getLogger(__name__)

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\w*\s*$")


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_at: datetime.datetime


def parse_rate(rate: str) -> tuple[int, int]:
    """«5/h», «3/15m», «20/d» → (limit, window in seconds)."""
    match = _RATE.match(rate)
    if not match:
        raise ValueError(f"not a rate: {rate!r}")
    limit, count, unit = match.groups()
    return int(limit), int(count or 1) * _UNITS[unit]


def client_address(request: HttpRequest) -> str:
    """The client's address as the nearest trusted proxy saw it."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if not forwarded:
        return remote
    # Each trusted proxy appends the address it received from; the entry appended by the
    # outermost trusted proxy is the client. Fewer entries than proxies: take the leftmost one
    # a proxy wrote, never anything the client added in front of it.
    return forwarded[-min(trusted, len(forwarded))]


def _key_hash(key: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{key}".encode()).hexdigest()


def _count_in_cache(name: str, window: int) -> int:
    cache.add(name, 0, timeout=window + 60)
    return int(cache.incr(name))


def _count_in_database(
    scope: str, key_hash: str, window_start: datetime.datetime, window: int
) -> int:
    now = timezone.now()
    ThrottleCounter.objects.filter(expires_at__lt=now).delete()
    expires = window_start + datetime.timedelta(seconds=window)
    lookup = {"scope": scope, "key_hash": key_hash, "window_start": window_start}
    try:
        with transaction.atomic():
            ThrottleCounter.objects.get_or_create(**lookup, defaults={"expires_at": expires})
    except IntegrityError:  # created by a parallel request a moment ago
        pass
    ThrottleCounter.objects.filter(**lookup).update(count=F("count") + 1)
    return ThrottleCounter.objects.get(**lookup).count


def hit(*, scope: str, key: str, rate: str, now: datetime.datetime | None = None) -> Verdict:
    """Count one action of `key` in `scope`; allowed while the window's count is ≤ the limit."""
    limit, window = parse_rate(rate)
    now = now or timezone.now()
    start_epoch = int(now.timestamp()) // window * window
    window_start = datetime.datetime.fromtimestamp(start_epoch, tz=datetime.UTC)
    retry_at = window_start + datetime.timedelta(seconds=window)
    key_hash = _key_hash(key)
    try:
        count = _count_in_cache(f"throttle:{scope}:{key_hash}:{start_epoch}", window)
    except Exception:
        logger.warning("throttle: cache unavailable, counting in the database", exc_info=True)
        count = _count_in_database(scope, key_hash, window_start, window)
    return Verdict(allowed=count <= limit, retry_at=retry_at)
