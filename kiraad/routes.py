"""Who each URL is for: one table, checked by tests/security/test_routes.py.

A route that is not classified here fails the suite, so nobody adds a page without deciding
who may reach it. Keys are URL names with their namespace; a key ending in ":*" covers a whole
namespace. Classes:

- PUBLIC: no login (the public form, the knowledge base, the health check, login itself)
- TOKEN: no login, but the URL carries a secret token that is the only credential
- LOGGED_IN: any signed-in user; the page itself may narrow further (object permissions)
- SECRETARIAT: the secretariat (and admins) only
- STAFF: Django staff (admins), e.g. second-factor enrolment
- ADMIN: the Django admin site
"""

from enum import StrEnum


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

ROUTE_ACCESS: dict[str, RouteAccess] = {
    # The council core
    "dashboard": L,
    "kiraad:council": L,
    # Meetings: members read published meetings; the secretariat plans and records them
    "kiraad:meeting-detail": L,
    "kiraad:meeting-ics": L,
    "kiraad:meeting-minutes-pdf": L,
    "kiraad:meeting-document-download": L,  # whoever may see the meeting (drafts: secretariat)
    "kiraad:actionitem-status": L,  # the owning agency's representatives, or the secretariat
    "kiraad:calendar-tokens": L,
    "kiraad:calendar-token-revoke": L,
    "kiraad:calendar-feed": T,
    "kiraad:meeting-create": S,
    "kiraad:meeting-transition": S,
    "kiraad:meeting-attendance": S,
    "kiraad:meeting-minutes": S,
    "kiraad:meeting-document-add": S,
    "kiraad:agendaitem-add": S,
    "kiraad:agendaitem-move": S,
    "kiraad:agendaitem-outcome": S,
    "kiraad:agendaitem-approve-minutes": S,
    "kiraad:actionitem-create": S,
    "healthz": P,
    "livez": P,
    "set_language": P,
    # Measures: every signed-in user reads; status updates narrow by object permission
    "measures:measure-list": L,
    "measures:measure-export": L,
    "measures:measure-detail": L,
    "measures:measure-update": L,
    "measures:plan-list": L,
    "measures:plan-detail": L,
    "measures:measure-create": S,
    "measures:measure-edit": S,
    "measures:measure-owners": S,
    "measures:measure-merge": S,
    "measures:milestone-create": S,
    "measures:milestone-edit": S,
    "measures:plan-create": S,
    "measures:plan-edit": S,
    "measures:round-create": S,
    # The competence network: escalations and the internal register (pages narrow by role)
    "network:*": L,
    # The public register of AI systems in patient care (public fields only)
    "register:*": P,
    # Regulatory guidance: the public form, tracking by token, and the knowledge base
    "guidance:request-ask": P,
    "guidance:request-resend-link": P,
    "guidance:request-track": T,
    "kb:*": P,
    # …and the agencies' work on requests (pages narrow to the secretariat and assigned agencies)
    "guidance:*": L,
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


def classify(name: str) -> RouteAccess | None:
    """The class of a qualified URL name, or None when it is not in the table."""
    if name in ROUTE_ACCESS:
        return ROUTE_ACCESS[name]
    parts = name.split(":")[:-1]
    for depth in range(len(parts), 0, -1):
        wildcard = ":".join(parts[:depth]) + ":*"
        if wildcard in ROUTE_ACCESS:
            return ROUTE_ACCESS[wildcard]
    return None
