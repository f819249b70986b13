"""gunicorn's settings for `bin/portal web` (the rest are its command-line flags there).

gunicorn's own log lines (start, worker boot and timeouts, errors handling a request, whose
message holds the URL) go through the portal's redacting handler and format, so LOG_FORMAT=json
gives JSON lines from the whole web process. The access log stays off: the portal logs what
it needs itself.
"""

import os

from kiraad.logconfig import logging_config

logconfig_dict = logging_config(
    level=os.environ.get("LOG_LEVEL", "INFO"), fmt=os.environ.get("LOG_FORMAT", "plain")
)
