"""Logging for every process of the portal: web (gunicorn or runserver), worker and beat.

One configuration (`logging_config`) is used by the Django settings, by gunicorn's own loggers
(kiraad/project/gunicorn.py) and by Celery (kiraad/project/celery.py), so every line leaves
through the same handler. That handler redacts the secret tokens that some URLs carry (a
requester's tracking link, a password-reset link, a calendar feed), whatever logged them:
Django's request logger, runserver's access log, a traceback, a third-party library.

LOG_FORMAT=json writes one JSON object per line (time, level, logger, message, and exc for a
traceback); the default is one plain line per record.

No Django import here: gunicorn's master reads this before Django is set up.
"""

import datetime
import json
import logging
import re

# Paths whose segments are credentials (see the TOKEN routes in kiraad/routes.py; a test
# checks that every such route is covered). `[^/\s"'?#]` stops at the end of a path segment.
_SEGMENT = r"[^/\s\"'?#&]+"
SECRET_PATHS = [
    (re.compile(rf"(/guidance/track/){_SEGMENT}"), r"\1[redacted]"),
    (re.compile(rf"(/accounts/reset/){_SEGMENT}/{_SEGMENT}"), r"\1[redacted]/[redacted]"),
    (re.compile(rf"(/council/calendar/){_SEGMENT}(/{_SEGMENT}\.ics)"), r"\1[redacted]\2"),
    (re.compile(rf"(/unsubscribe/){_SEGMENT}"), r"\1[redacted]"),
]


def redact(text: str) -> str:
    """`text` with every secret path segment replaced by «[redacted]»."""
    for pattern, replacement in SECRET_PATHS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrite the message of each record, and drop a request object whose path is secret.

    Django's error e-mails and some handlers read `record.request` directly; formatters below
    also redact their whole output (tracebacks included), so this filter is the first of two
    layers, not the only one.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = ()
        path = getattr(getattr(record, "request", None), "path", "")
        if isinstance(path, str) and redact(path) != path:
            record.request = None
        return True


class RedactingFormatter(logging.Formatter):
    """A plain formatter whose whole output (traceback included) is redacted."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC, ISO 8601), level, logger, message, process, exc."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        return redact(json.dumps(entry, ensure_ascii=False))


def logging_config(*, level: str = "INFO", fmt: str = "plain") -> dict:
    """The dictConfig for every process: one console handler, redacting, plain or JSON.

    Django's own loggers (`django`, runserver's `django.server`) and gunicorn's are named so
    that the handlers Django's or gunicorn's defaults attached to them are replaced: before,
    those unredacted handlers printed tracking tokens on every 4xx under runserver.
    """
    if fmt not in ("plain", "json"):
        raise ValueError(f"LOG_FORMAT must be «plain» or «json», not {fmt!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact_secrets": {"()": "kiraad.logconfig.RedactSecrets"}},
        "formatters": {
            "plain": {
                "()": "kiraad.logconfig.RedactingFormatter",
                "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
            },
            "json": {"()": "kiraad.logconfig.JsonFormatter"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": fmt,
                "filters": ["redact_secrets"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": [], "propagate": True},
            "django.server": {"handlers": [], "propagate": True},
            "gunicorn.error": {"handlers": ["console"], "propagate": False, "level": level},
            # Access lines at INFO: on in production, off with LOG_LEVEL=WARNING (the bench).
            "gunicorn.access": {"handlers": ["console"], "propagate": False, "level": level},
            # A line per page of every PDF report otherwise.
            "weasyprint": {"level": "WARNING"},
            "fontTools": {"level": "WARNING"},
        },
    }
