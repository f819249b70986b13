"""«Mine oppgaver»: what is the signed-in person's to do, contributed by each app.

An app registers a task provider, `(user, *, today) -> list[Todo]`, in
kiraad.registry.task_providers from its AppConfig. Each provider reads with a fixed number of
queries whatever the data, so the page's query count stays flat.
"""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Todo:
    """One thing to do: what, by when, and the form that does it."""

    title: str
    url: str
    category: str
    due: datetime.date | None = None
    detail: str = ""

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due is not None and self.due < today
