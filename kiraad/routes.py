"""Who each URL is for: one table per app, checked by tests/security/test_routes.py.

The council core's routes are classified here; each app classifies its own in its routes.py and
registers that table from its AppConfig (kiraad.registry.route_access). A route that is not
classified fails the suite, so nobody adds a page without deciding who may reach it. Keys are
URL names with their namespace; a key ending in ":*" covers a whole namespace. Classes:

- PUBLIC: no login (the public form, the knowledge base, the health check, login itself)
- TOKEN: no login, but the URL carries a secret token that is the only credential
- LOGGED_IN: any signed-in user; the page itself may narrow further (object permissions)
- SECRETARIAT: the secretariat (and admins) only
- STAFF: Django staff (admins), e.g. second-factor enrolment
- ADMIN: the Django admin site
"""

from enum import StrEnum

from kiraad import registry


class RouteAccess(StrEnum):
    PUBLIC = "public"
    TOKEN = "token"  # noqa: S105 (a route class, not a secret)
    LOGGED_IN = "logged-in"
    SECRETARIAT = "secretariat"
    STAFF = "staff"
    ADMIN = "admin"


P, T, L, S, ST, A = (
    RouteAccess.PUBLIC,
    RouteAccess.TOKEN,
    RouteAccess.LOGGED_IN,
    RouteAccess.SECRETARIAT,
    RouteAccess.STAFF,
    RouteAccess.ADMIN,
)

CORE_ROUTE_ACCESS: dict[str, RouteAccess] = {
    # The council core
    "dashboard": L,
    "kiraad:council": L,
    # Meetings: members read published meetings; the secretariat plans and records them
    "kiraad:meeting-detail": L,
    "kiraad:meeting-ics": L,
    "kiraad:meeting-minutes-pdf": L,
    "kiraad:meeting-agenda-pdf": L,
    "kiraad:meeting-document-download": L,  # whoever may see the meeting (drafts: secretariat)
    "kiraad:actionitem-status": L,  # the owning agency's representatives, or the secretariat
    "kiraad:actionitem-detail": L,  # whoever may see its meeting
    "kiraad:calendar-tokens": L,
    "kiraad:calendar-token-revoke": L,
    "kiraad:calendar-feed": T,
    "kiraad:meeting-create": S,
    "kiraad:meeting-transition": S,
    "kiraad:meeting-change": S,
    "kiraad:meeting-attendance": S,
    "kiraad:meeting-attendance-grid": S,
    "kiraad:meeting-minutes": S,
    "kiraad:meeting-document-add": S,
    "kiraad:agendaitem-add": S,
    "kiraad:agendaitem-move": S,
    "kiraad:agendaitem-edit": S,
    "kiraad:agendaitem-remove": S,
    "kiraad:agendaitem-links": S,  # the picker that links records to an item
    "kiraad:agendaitem-outcome": S,
    "kiraad:agendaitem-approve-minutes": S,
    "kiraad:actionitem-create": S,
    "healthz": P,
    # The open, read-only API (kiraad/api.py): published data only, no login
    "api:*": P,
    "livez": P,
    "set_language": P,
    # HOD status reports: the secretariat only
    "reports:*": S,
    # Accounts (django.contrib.auth.urls) and the second factor
    "login": P,
    "logout": L,
    "password_change": L,
    "password_change_done": L,
    "password_reset": P,
    "password_reset_done": P,
    "password_reset_confirm": T,
    "password_reset_complete": P,
    "two-factor-setup": ST,
    "two-factor-verify": ST,
    # The Django admin
    "admin:*": A,
    "admin:login": P,
}

PUBLIC_CLASSES = {RouteAccess.PUBLIC, RouteAccess.TOKEN}


def route_table() -> dict[str, RouteAccess]:
    """The core's table and every app's registered one; a name classified twice is an error."""
    table = dict(CORE_ROUTE_ACCESS)
    for contribution in registry.route_access:
        for name, kind in contribution.provider.items():
            if table.setdefault(name, kind) != kind:
                raise ValueError(f"Route {name!r} is classified twice ({contribution.name})")
    return table


def classify(name: str) -> RouteAccess | None:
    """The class of a qualified URL name, or None when it is not in the table."""
    table = route_table()
    if name in table:
        return table[name]
    parts = name.split(":")[:-1]
    for depth in range(len(parts), 0, -1):
        wildcard = ":".join(parts[:depth]) + ":*"
        if wildcard in table:
            return table[wildcard]
    return None
