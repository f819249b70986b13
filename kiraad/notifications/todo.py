"""«Mine oppgaver»: what is the signed-in person's to do, contributed by each app.

An app registers a task provider, `(user, *, today) -> list[Todo]`, in
kiraad.registry.task_providers from its AppConfig. Each provider reads with a fixed number of
queries whatever the data, so the page's query count stays flat.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Window
from django.utils.translation import gettext as _

# Lines of one kind of task shown at most, the most urgent first; the rest is one «… and N
# more» line linking to the full list. At scale 10 the secretariat has thousands of requests to
# triage and escalations to assess: listing them all made /tasks/ (and the navigation's count,
# loaded on every page) take seconds.
TASK_LIMIT = 25


@dataclass(frozen=True)
class Todo:
    """One thing to do: what, by when, and the form that does it."""

    title: str
    url: str
    category: str
    due: datetime.date | None = None
    detail: str = ""
    # How many tasks the line stands for: 1, or the number a «… and N more» line sums up.
    count: int = 1

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today


def capped(queryset: QuerySet[Any], limit: int | None = None) -> tuple[list[Any], int]:
    """The first `limit` (TASK_LIMIT) rows of `queryset`, ordered most urgent first, and how
    many there are in all: one query whatever the data (COUNT(*) OVER () before the LIMIT)."""
    limit = TASK_LIMIT if limit is None else limit
    rows = list(queryset.annotate(capped_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].capped_total if rows else 0)


def more(*, total: int, shown: int, url: str, category: str) -> list[Todo]:
    """The «… and N more» line for what `capped` left out (none if nothing was)."""
    if total <= shown:
        return []
    rest = total - shown
    return [
        Todo(
            title=_("… and %(count)s more: see the whole list") % {"count": rest},
            url=url,
            category=category,
            count=rest,
        )
    ]
