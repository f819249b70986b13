"""A shared cache for the expensive, read-mostly parts of list pages.

Entries are keyed by a *stamp* read from the database: the newest row id of each table the piece
is built from. Every write in the portal goes through a service and leaves a simple-history row
(or, for status updates, a new row), so any change gives a new stamp and the old entries are
simply never read again; they expire after PAGE_CACHE_SECONDS. Reading the stamp is one query of
index lookups, which replaces the half-dozen queries and most of the rendering it saves.

Only on PostgreSQL: its sequences never hand out an id twice, even after a rollback, so a stamp
cannot come back with other data behind it. The current database's oid is part of the stamp, so
a recreated database (tests, a restore) never meets an old entry. With the cache unreachable the
piece is built as if there were no cache.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models
from django.utils.translation import get_language

logger = logging.getLogger(__name__)


def page_cache_enabled() -> bool:
    return settings.PAGE_CACHE and connection.vendor == "postgresql"


def data_stamp(*sources: type[models.Model]) -> str:
    """The newest id of each source model's history table (or of the model itself when it has
    no history, as append-only status updates), in one query."""
    parts = []
    for model in sources:
        history = getattr(model, "history", None)
        table, key = (
            (history.model._meta.db_table, "history_id")
            if history is not None
            else (model._meta.db_table, model._meta.pk.column)
        )
        quote = connection.ops.quote_name
        parts.append(f"(SELECT max({quote(key)}) FROM {quote(table)})")  # noqa: S608 model names
    parts.append("(SELECT oid FROM pg_database WHERE datname = current_database())")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return ".".join(str(value or 0) for value in cursor.fetchone())


def page_cache_key(name: str, sources: tuple[type[models.Model], ...], variant: str) -> str:
    """A key for `name` built from `sources`, for this language and `variant` (the filter and
    page asked for); empty when the cache is off, so no stamp is read for nothing."""
    if not page_cache_enabled():
        return ""
    digest = hashlib.sha256(variant.encode()).hexdigest()[:32]
    return f"{name}:{data_stamp(*sources)}:{get_language()}:{digest}"


def cached[T](key: str, build: Callable[[], T]) -> T:
    """The cached value for `key`, built and stored when missing; `build()` when key is empty."""
    if not key:
        return build()
    try:
        value = cache.get(key)
    except Exception:  # the cache is a convenience: Redis down must not break a page
        logger.warning("page cache unreachable; building %s", key.split(":")[0], exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, settings.PAGE_CACHE_SECONDS)
        except Exception:
            logger.warning("page cache unreachable; not storing", exc_info=True)
    return value
