"""Writing rows "in the past": loaders that record what happened before they ran.

The seed says a plan's measures existed from the plan's date; demo and bench data describe a
council that has worked for months. Their history (django-simple-history) must carry the time
the change took effect, not the time the loader ran, or a report as of an earlier date finds
nothing (reports read `history.as_of`).

- `history_dated(moment)`: every history row written inside the block is dated `moment` (each
  one a microsecond after the one before, in the order written). The row's own fields are
  untouched. For the seed loader, which records real facts with a known date.
- `loader_clock(moment)`: `django.utils.timezone.now()` returns `moment` inside the block, so the
  services a loader calls stamp their own fields (received, raised, created, history) with it,
  exactly as if they had run then. Loaders only (demo and bench data): never in a request, a task
  or a test of the services themselves (tests use time-machine).
"""

import collections
import contextlib
import contextvars
import datetime
from collections.abc import Iterator

from django.utils import timezone
from simple_history.signals import pre_create_historical_record

_HISTORY_DATE: contextvars.ContextVar[datetime.datetime | None] = contextvars.ContextVar(
    "kiraad_history_date", default=None
)
# How many versions of each record have been dated at each moment (in this process): the next
# one goes a microsecond later. Two versions of a record must not share a time, or
# `history.as_of()` returns both. Loaders only, so the map stays small.
_DATED: collections.Counter[tuple] = collections.Counter()


def forget_dated_moments() -> None:
    """Count afresh: for a process that empties its database and loads again (the test suite,
    before each test). The counts are of versions the emptied database no longer holds; kept,
    they put the next load's versions of the same keys a microsecond after their own time."""
    _DATED.clear()


def _date_history_row(sender, *, instance, history_instance, **kwargs) -> None:
    moment = _HISTORY_DATE.get()
    if moment is not None:
        key = (sender._meta.label, instance.pk, moment)
        history_instance.history_date = moment + datetime.timedelta(microseconds=_DATED[key])
        _DATED[key] += 1


def _aware(moment: datetime.datetime | datetime.date) -> datetime.datetime:
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time(9, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


@contextlib.contextmanager
def history_dated(moment: datetime.datetime | datetime.date) -> Iterator[datetime.datetime]:
    """Date every history row written in the block at `moment` (a date means 09:00 local)."""
    pre_create_historical_record.connect(_date_history_row, dispatch_uid="kiraad-history-dated")
    moment = _aware(moment)
    token = _HISTORY_DATE.set(moment)
    try:
        yield moment
    finally:
        _HISTORY_DATE.reset(token)


@contextlib.contextmanager
def loader_clock(moment: datetime.datetime | datetime.date) -> Iterator[datetime.datetime]:
    """Run the block as if it were `moment`: `timezone.now()` (and so `localdate()`, auto_now
    fields and history dates) gives `moment`. For the demo and bench loaders only."""
    moment = _aware(moment)
    original = timezone.now
    timezone.now = lambda: moment
    try:
        with history_dated(moment):
            yield moment
    finally:
        timezone.now = original
