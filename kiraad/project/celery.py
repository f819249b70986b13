import logging.config
import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kiraad.project.settings")

app = Celery("kiraad")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def use_the_portal_logging(**kwargs) -> None:
    """Worker and beat log through the portal's handler (redacting; LOG_FORMAT=json for JSON
    lines) instead of Celery's own, which would not redact."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
