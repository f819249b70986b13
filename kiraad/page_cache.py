"""A shared cache for the expensive, read-mostly parts of list pages.

Why it can be trusted: an entry is keyed by the *data versions* of the tables it is built from,
and the database itself keeps those versions. A statement-level trigger on each watched table
(kiraad/migrations/0003 and 0004, and the apps' migrations that watch their own tables) stores a
fresh sequence value as the table's version on every INSERT, UPDATE, DELETE and TRUNCATE, whoever
runs it: a service, a bare `.update()`, `bulk_create`, a data migration or a
`psql` session. The version is written inside the writing transaction, so a reader sees the new
version exactly when it sees the new rows, and a sequence value is never handed out twice (not
even after a rollback), so a version cannot come back with other data behind it. Stale entries
are simply never read again; they expire after PAGE_CACHE_SECONDS.

Reading the versions is one query on a table of a few rows, which replaces the half-dozen queries
and most of the rendering a hit saves. A source whose table has no trigger has no version, and
the piece is then built uncached (and logged) rather than cached without a guarantee.

The cost: a transaction that writes a watched table holds one advisory lock (taken before any
counter row, so the bumps cannot deadlock each other) until it ends, so concurrent writers to
watched tables take turns from their first watched write to their commit. The portal's writes
are short and made by people; a long bulk load blocks other writers of those tables meanwhile.

Only on PostgreSQL (the triggers are not created on SQLite). The current database's oid is part
of the key, so a recreated database (tests, a restore) never meets an old entry. With the cache
unreachable the piece is built as if there were no cache.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSIONS_SQL = """
SELECT (SELECT oid FROM pg_database WHERE datname = current_database()),
       array_agg(v.version ORDER BY t.position)
FROM unnest(%s::text[]) WITH ORDINALITY AS t(name, position)
LEFT JOIN kiraad_dataversion v ON v.name = t.name
"""


def page_cache_enabled() -> bool:
    return settings.PAGE_CACHE and connection.vendor == "postgresql"


def data_versions_stamp(*sources: type[models.Model]) -> str:
    """The database's oid and each source table's data version, in one query; empty when a
    source is not watched by a trigger (so nothing can be cached for it)."""
    tables = [model._meta.db_table for model in sources]
    with connection.cursor() as cursor:
        cursor.execute(VERSIONS_SQL, [tables])
        oid, versions = cursor.fetchone()
    unwatched = [table for table, version in zip(tables, versions, strict=True) if version is None]
    if unwatched:
        logger.error("page cache: no data-version trigger on %s; not caching", unwatched)
        return ""
    return ".".join(str(value) for value in (oid, *versions))


def page_cache_key(name: str, sources: tuple[type[models.Model], ...], variant: str) -> str:
    """A key for `name` built from `sources`, for this language and `variant` (the filter and
    page asked for); empty when the cache is off, so no version is read for nothing."""
    if not page_cache_enabled():
        return ""
    stamp = data_versions_stamp(*sources)
    if not stamp:
        return ""
    digest = hashlib.sha256(variant.encode()).hexdigest()[:32]
    return f"{name}:{stamp}:{get_language()}:{digest}"


def page_cache_get_or_build[T](key: str, build: Callable[[], T]) -> T:
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
