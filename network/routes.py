"""Who each competence network URL is for (see kiraad/routes.py); registered from the AppConfig."""

from kiraad.routes import RouteAccess

L, P = RouteAccess.LOGGED_IN, RouteAccess.PUBLIC

ROUTE_ACCESS: dict[str, RouteAccess] = {
    # The competence network: escalations and the internal register (pages narrow by role)
    "network:*": L,
    # The public register of AI systems in patient care (public fields only)
    "register:*": P,
}
