"""The project package: settings, the root URLconf, the Celery app and the WSGI entry point."""
