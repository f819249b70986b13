"""Links between agenda items and the records they concern, across the apps.

A measure, an escalation, a guidance request or a theme (a knowledge gap) is linked to an agenda
item by a field on its own side (DESIGN.md: the apps point at AgendaItem; kiraad never imports
them). Each app registers an `AgendaLinkKind` with kiraad.registry.agenda_links; the meeting page
and its search-as-you-type picker work through these only.
"""

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from kiraad import registry
from kiraad.meetings.models import AgendaItem

if TYPE_CHECKING:
    from kiraad.access import AnyUser

# How many matches the picker shows; a longer list is narrowed by typing more.
SEARCH_LIMIT = 15


@dataclass(frozen=True)
class LinkCandidate:
    """A record offered by the picker: enough to choose it, and where it is linked already."""

    pk: int
    code: str
    title: str
    linked_to: list[str] = field(default_factory=list)
    linked_here: bool = False


@dataclass(frozen=True)
class LinkedRecord:
    """A record linked to an agenda item, as the meeting page lists it."""

    kind: str
    kind_label: str
    pk: int
    code: str
    title: str
    url: str


@dataclass(frozen=True)
class AgendaLinkKind:
    """What an app contributes for one kind of record.

    - `search(*, user, query, item, limit) -> list[LinkCandidate]`: the records `user` may see
      that match `query` (code or title), each with the meetings it is linked to already;
    - `rows(*, item_ids, user) -> QuerySet`: the links of these items that `user` may see, as
      `values_list(kind key, item id, record pk, code, title)` with text columns, so the core
      reads all kinds in one UNION query;
    - `url(pk) -> str`: the record's page;
    - `link(*, item, pk, user, by)` and `unlink(...)`: the app's services, which check that
      the user may see the record (404 otherwise) and record who and why.
    """

    key: str
    label: Any
    search: Callable[..., list[LinkCandidate]]
    rows: Callable[..., QuerySet]
    url: Callable[[int], str]
    link: Callable[..., object]
    unlink: Callable[..., object]


def link_kinds() -> list[AgendaLinkKind]:
    """The registered kinds, in their registered order."""
    return registry.agenda_links.providers()


def link_kind(key: str) -> AgendaLinkKind | None:
    return next((kind for kind in link_kinds() if kind.key == key), None)


def linked_records(
    items: Sequence[AgendaItem], *, user: "AnyUser"
) -> dict[int, list[LinkedRecord]]:
    """The records linked to each item that `user` may see, in one query for all kinds."""
    kinds = {kind.key: kind for kind in link_kinds()}
    ids = [item.pk for item in items]
    if not ids or not kinds:
        return {}
    parts = [kind.rows(item_ids=ids, user=user).order_by() for kind in kinds.values()]
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    result: dict[int, list[LinkedRecord]] = defaultdict(list)
    for key, item_id, pk, code, title in sorted(query, key=lambda r: (r[1], r[0], r[3], r[2])):
        kind = kinds[key]
        result[item_id].append(
            LinkedRecord(
                kind=key,
                kind_label=kind.label,
                pk=pk,
                code=code or "",
                title=title,
                url=kind.url(pk),
            )
        )
    return dict(result)


def link_label(item: AgendaItem) -> str:
    """«KI-rådet 2/2027, sak 3: Tittel» for the picker's «linked to» list."""
    return f"{item.meeting}, {item.order}. {item.title}"
