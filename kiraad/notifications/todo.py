"""«Mine oppgaver»: what is the signed-in person's to do, contributed by each app.

An app registers a task provider, `(user, *, today) -> list[TaskKind]`, in
kiraad.registry.task_providers from its AppConfig. A provider only describes each kind of task
(the rows, most urgent first, and how one row reads as a `Todo`); the notifications app reads
them. So the list reads one query per kind whatever the data (the first TASK_LIMIT rows and the
total together), and the navigation's count, asked for on every page, reads the totals of every
kind in a single query and builds no line at all.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import IntegerField, QuerySet, Subquery
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


@dataclass(frozen=True)
class TaskKind:
    """One kind of task: `rows` (a queryset ordered most urgent first, not read yet) and how
    one row reads as a Todo. With `more_url` the list shows the first TASK_LIMIT rows and one
    «… and N more» line linking there; without it every row is listed (kinds that are few by
    nature: terms ending, reports due)."""

    rows: QuerySet[Any]
    todo: Callable[[Any], Todo]
    category: str
    more_url: str = ""


class CountOf(Subquery):
    """`(SELECT COUNT(*) FROM (<queryset>))`. Not correlated with the outer query, so PostgreSQL
    counts once per query (an InitPlan), from the index where it can, before the LIMIT. A
    window count (COUNT(*) OVER ()) instead carried every matching row, all columns, through a
    sort: 25 ms of the database's time for 5,000 requests to triage."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def capped(queryset: QuerySet[Any], limit: int | None = None) -> tuple[list[Any], int]:
    """The first `limit` (TASK_LIMIT) rows of `queryset`, ordered most urgent first, and how
    many there are in all: one query whatever the data."""
    limit = TASK_LIMIT if limit is None else limit
    total = CountOf(queryset.order_by().values("pk"))
    rows = list(queryset.annotate(capped_total=total)[:limit])
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


def todos_of(kind: TaskKind) -> list[Todo]:
    """The lines of one kind: its rows as Todos, capped when it has a whole list to link to."""
    if not kind.more_url:
        return [kind.todo(row) for row in kind.rows]
    rows, total = capped(kind.rows)
    return [kind.todo(row) for row in rows] + more(
        total=total, shown=len(rows), url=kind.more_url, category=kind.category
    )
