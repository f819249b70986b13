"""Data that several tests of a module only read, written once for the module.

Loading the seed and the demo data takes about 4–5 s; a module whose tests each load it and
then only read pages pays that once per test. Here it is written once, inside a transaction
that is rolled back when the module's last test has run. Each test still runs in a savepoint of
its own (pytest-django's `db`), so what one test writes is gone before the next starts, and the
database is empty again after the module, as the other modules expect. Once the fixture has
run it stays until the module's last test: use it where every test of the module may start
from that data.

The data versions of the page cache (kiraad/page_cache.py) come from a sequence, which a
rollback does not rewind: an entry cached while the module ran is never read afterwards.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back_after(django_db_blocker, write: Callable[[], None]) -> Iterator[None]:
    """Run `write`, keep what it wrote while the caller's block runs, then roll it back."""
    with django_db_blocker.unblock(), transaction.atomic():
        write()
        yield
        transaction.set_rollback(True)
