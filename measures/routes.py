"""Who each measures URL is for, for the lead to merge into kiraad/routes.py (ROUTE_ACCESS).

Values are kiraad.routes.RouteAccess values. LOGGED_IN pages narrow further by object
permission (status updates: the owning agencies' representatives and the secretariat).
"""

ROUTE_ACCESS = {
    "measures:measure-list": "logged-in",
    "measures:measure-export": "logged-in",
    "measures:measure-detail": "logged-in",
    "measures:measure-update": "logged-in",
    "measures:plan-list": "logged-in",
    "measures:plan-detail": "logged-in",
    "measures:measure-create": "secretariat",
    "measures:measure-edit": "secretariat",
    "measures:measure-owners": "secretariat",
    "measures:measure-merge": "secretariat",
    "measures:milestone-create": "secretariat",
    "measures:milestone-edit": "secretariat",
    "measures:plan-create": "secretariat",
    "measures:plan-edit": "secretariat",
    "measures:round-create": "secretariat",
}
