from django.http import HttpRequest

from kiraad import access


def portal(request: HttpRequest) -> dict:
    """Capability flags for the navigation; templates never decide permissions themselves."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": {"authenticated": False}}
    return {
        "nav": {
            "authenticated": True,
            "secretariat": access.is_secretariat(user),
            "admin": user.is_staff,
        }
    }
