import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Norwegian bokmål for everyone unless they chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which would show most
    visitors an English portal; a Norwegian public-sector service defaults to Norwegian.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in self.languages:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", code)
        return response


def stamp_new_session(sender, request, user, **kwargs):
    """Login saves the session anyway: stamp it then, so the first page after it writes nothing."""
    now = int(time.time())
    request.session[AbsoluteSessionLimitMiddleware.KEY] = now
    request.session[AbsoluteSessionLimitMiddleware.SEEN] = now


class AbsoluteSessionLimitMiddleware:
    """Keep a session alive while it is used, and log a user out once it is older than
    SESSION_ABSOLUTE_SECONDS.

    The idle limit is SESSION_COOKIE_AGE, counted from the session's last save. Saving on every
    request (SESSION_SAVE_EVERY_REQUEST) would cost three queries and a row write per page, so the
    session is saved at most every SESSION_REFRESH_SECONDS: the idle limit is then met to within
    that interval.
    """

    KEY = "_session_started"
    SEEN = "_session_seen"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(self.KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect_to_login(request.get_full_path())
            if now - session.get(self.SEEN, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.SEEN] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)


class ApiCorsMiddleware:
    """Any origin may read the open API (/api/v1/, kiraad/api.py); nothing else is shared.

    Only reading is allowed, without credentials: GET answers carry
    `Access-Control-Allow-Origin: *`, and a preflight (OPTIONS) is answered here, before the
    login check, with the methods and headers a reader may use. Writes do not exist in the API,
    so no origin is ever allowed one. A path under the prefix that matches no endpoint
    answers «not found» in JSON like the endpoints do, not with the HTML error page.
    """

    PREFIX = "/api/v1/"
    METHODS = "GET, OPTIONS"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(self.PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = self.METHODS
            response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Language"
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = self.METHODS
            return response
        response = self.get_response(request)
        if response.status_code == 404 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            # A path no endpoint matches (the API's own «not found» is JSON already).
            response = JsonResponse({"detail": "Not Found"}, status=404)
        if request.method == "GET":
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "Retry-After, Content-Language"
        return response
