"""What the apps contribute to the core: the one extension mechanism.

Each app registers its contributions in its AppConfig.ready() (kiraad's own in KiraadConfig),
importing its own modules there; the core reads them from here and never imports an app:

- `dashboard_panels`: `(user) -> DashboardPanel | None`, composed by kiraad/dashboard.py;
- `report_sections`: `(*, as_of, period_start, period_end[, previous_as_of]) -> ReportSection |
  None`, the chapters of the HOD report (kiraad/reports/sections.py, builder.py);
- `seed_loaders` and `demo_loaders`: `(*, data_dir, log) -> None`, idempotent, run by
  `manage.py load_seed_data` / `load_demo_data` in one transaction;
- `dissolution_handlers`: `(*, agency, successor, on, by, reason) -> int` (how many records
  moved), called by kiraad.services.agency_dissolve;
- `succession_previews`: `(*, agency, successor, on) -> list[SuccessionSection]`, what an
  app's dissolution handler would move, for the admin's preview (kiraad/succession.py);
- `route_access`: `{url name: RouteAccess}`, who each of the app's URLs is for, merged with
  the core's table by kiraad/routes.py;
- `task_providers`: `(user, *, today) -> list[kiraad.notifications.todo.TaskKind]`, the kinds
  of task in the person's «Mine oppgaver», not read yet (the notifications app lists them, and
  counts them all in one query for the navigation);
- `notification_sweeps`: `(*, today) -> int` (notifications queued), run daily: the reminders
  that follow from dates (a round opening, a deadline near or passed, a term ending);
- `notification_attachments`: `(*, kind, label, pk) -> list[(filename, bytes, mimetype)]`, files
  the mailer attaches when it sends a notification about record `label`/`pk` (a meeting's
  current .ics), rendered at send time so the file is never stale;
- `agenda_links`: `kiraad.meetings.linking.AgendaLinkKind`, a kind of record (measure,
  escalation, guidance request, theme) that the secretariat links to an agenda item from the
  meeting page: its search, its links as rows, and its link/unlink writes;
- `notification_outbox`: the one writer behind kiraad.notifications.notify (registered by the
  notifications app);
- `api_routers`: `(prefix, ninja.Router)`, an app's read-only endpoints in the open API under
  /api/v1/ (kiraad/api.py).

Every contribution has an explicit `order`; ties go by name. So the order never depends on
INSTALLED_APPS or on which module happened to be imported first.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

type PanelProvider = Callable[..., Any]
type SectionProvider = Callable[..., Any]
type Loader = Callable[..., None]
type DissolutionHandler = Callable[..., int]
type RouteTable = Mapping[str, Any]


@dataclass(frozen=True)
class Contribution[T]:
    """One registered provider, with the name it is listed under and its place in the order."""

    name: str
    order: int
    provider: T


class Contributions[T]:
    """The contributions of one kind, read in (order, name) order."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._by_name: dict[str, Contribution[T]] = {}

    def add(self, provider: T, *, order: int, name: str | None = None) -> None:
        """Register `provider` (again: replaced). `name` defaults to its dotted path."""
        if name is None:
            name = f"{getattr(provider, '__module__', '')}.{getattr(provider, '__qualname__', '')}"
        self._by_name[name] = Contribution(name=name, order=order, provider=provider)

    def remove(self, name: str) -> None:
        self._by_name.pop(name, None)

    def __iter__(self) -> Iterator[Contribution[T]]:
        return iter(sorted(self._by_name.values(), key=lambda c: (c.order, c.name)))

    def names(self) -> list[str]:
        return [contribution.name for contribution in self]

    def providers(self) -> list[T]:
        return [contribution.provider for contribution in self]


dashboard_panels: Contributions[PanelProvider] = Contributions("dashboard panel")
report_sections: Contributions[SectionProvider] = Contributions("report section")
seed_loaders: Contributions[Loader] = Contributions("seed loader")
demo_loaders: Contributions[Loader] = Contributions("demo loader")
dissolution_handlers: Contributions[DissolutionHandler] = Contributions("dissolution handler")
route_access: Contributions[RouteTable] = Contributions("route access table")
succession_previews: Contributions[Callable[..., list]] = Contributions("succession preview")
task_providers: Contributions[Callable[..., list]] = Contributions("task provider")
notification_sweeps: Contributions[Callable[..., int]] = Contributions("notification sweep")
notification_outbox: Contributions[Callable[..., int]] = Contributions("notification outbox")
notification_attachments: Contributions[Callable[..., list]] = Contributions(
    "notification attachment"
)
# `(prefix, ninja.Router)`: an app's part of the open read-only API under /api/v1/ (kiraad/api.py)
api_routers: Contributions[tuple[str, Any]] = Contributions("API router")
agenda_links: Contributions[Any] = Contributions("agenda link")
