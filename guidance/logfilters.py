"""Keep tracking tokens out of the logs (Django logs every 4xx with the request path)."""

import logging
import re

TOKEN_PATH = re.compile(r"(/guidance/track/)[^/\s\"']+")


def redact(text: str) -> str:
    return TOKEN_PATH.sub(r"\1[redacted]", text)


class RedactTrackingTokens(logging.Filter):
    """Rewrite `/guidance/track/<token>/` to `/guidance/track/[redacted]/` in every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        if "/guidance/track/" in message:
            record.msg = redact(message)
            record.args = ()
        request = getattr(record, "request", None)
        if request is not None and "/guidance/track/" in getattr(request, "path", ""):
            record.request = None
        return True
