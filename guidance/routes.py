"""Who each guidance URL is for (see kiraad/routes.py); registered from the AppConfig."""

from kiraad.routes import RouteAccess

L, P, T = RouteAccess.LOGGED_IN, RouteAccess.PUBLIC, RouteAccess.TOKEN

ROUTE_ACCESS: dict[str, RouteAccess] = {
    # Regulatory guidance: the public form, tracking by token, and the knowledge base
    "guidance:request-ask": P,
    "guidance:request-resend-link": P,
    "guidance:request-track": T,
    "kb:*": P,
    # …and the agencies' work on requests (pages narrow to the secretariat and assigned agencies)
    "guidance:*": L,
}
