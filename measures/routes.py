"""Who each measures URL is for (see kiraad/routes.py); registered from the AppConfig."""

from kiraad.routes import RouteAccess

L, S = RouteAccess.LOGGED_IN, RouteAccess.SECRETARIAT

ROUTE_ACCESS: dict[str, RouteAccess] = {
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
}
