"""Error pages in the site's layout and the reader's language (issue 21).

Django renders 403, 404 and 400 through the templates of the same name with the request, so the
layout and the language switch work there already. The rest are handled here: a CSRF failure, the
500 page (with a plain fallback should the layout itself fail), and the bodiless 405 and 429
answers, which `ErrorPageMiddleware` fills with a page.
"""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """settings.CSRF_FAILURE_VIEW: the form expired or came from elsewhere."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the layout if it renders, a plain page if the failure is in the layout too."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("the 500 page could not be rendered with the layout")
    title, text = _("Something went wrong"), _("The error is logged. Try again in a while.")
    lang = getattr(request, "LANGUAGE_CODE", "nb")
    return HttpResponseServerError(
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><main><h1>{title}</h1><p>{text}</p></main></body></html>"
    )


class ErrorPageMiddleware:
    """Give a page to the bodiless answers Django and django-ratelimit send: 405 (method not
    allowed, from require_http_methods) and 429 (too many requests)."""

    TEMPLATES = {405: "405.html", 429: "429.html"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        template = self.TEMPLATES.get(response.status_code)
        if template is None or response.get("Content-Type", "").startswith("application/json"):
            return response
        if getattr(response, "streaming", False) or response.content:
            return response
        page = render(request, template, status=response.status_code)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        return page
