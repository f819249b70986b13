"""Who each notifications URL is for (see kiraad/routes.py); registered from the AppConfig."""

from kiraad.routes import RouteAccess

L, S, T = RouteAccess.LOGGED_IN, RouteAccess.SECRETARIAT, RouteAccess.TOKEN

ROUTE_ACCESS: dict[str, RouteAccess] = {
    "notifications:tasks": L,
    "notifications:preferences": L,
    "notifications:failed": S,
    "notifications:unsubscribe": T,
}
