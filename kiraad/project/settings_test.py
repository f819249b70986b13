"""Test settings: the base settings with only test concerns overridden."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
# Production requires these two; tests send mail to the in-memory outbox (MAILERS below).
os.environ.setdefault("SITE_URL", "https://ki-radet.test")
os.environ.setdefault("EMAIL_URL", "smtp://mail.invalid:25")

from kiraad.project.settings import *  # noqa: F403
from kiraad.project.settings import INSTALLED_APPS, MIDDLEWARE, STORAGES

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
# Production requires a second factor for the admin; the tests of that turn it on themselves.
ADMIN_REQUIRE_2FA = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Services enqueue on commit; tests run tasks in-process unless they start a real worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# The test client talks plain HTTP; the production cookie names need HTTPS.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
AXES_ENABLED = True
ALLOW_DEMO_DATA = True
LANGUAGE_CODE = "nb"
# Each test process gets its own cache; tests that need Redis say so and use REDIS_URL.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# On, so every list test also proves that a change shows at once (kiraad/page_cache.py); it
# takes effect on PostgreSQL only.
PAGE_CACHE = True
# Serve static files from the source folders; no collectstatic before tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The N+1 detector (django-zeal), in tests only: every request the test client makes runs in
# a zeal context of its own (outermost, so middleware and templates count too), and a relation
# loaded row by row, or a .get() repeated, fails the test with NPlusOneError. Celery tasks get
# a context each as well (tests/conftest.py). ZEAL_ALLOWLIST names what is meant.
INSTALLED_APPS = [*INSTALLED_APPS, "zeal"]
MIDDLEWARE = ["zeal.middleware.zeal_middleware", *MIDDLEWARE]
ZEAL_RAISE = True
ZEAL_ALLOWLIST = [
    # Django caches content types per process: the first request that checks object
    # permissions on several models reads each once (seen in the browser tests, whose server
    # starts cold after each flush). A warm process reads none.
    {"model": "contenttypes.ContentType", "field": "get()"},
    # The admin's change form of a deployment that has a parent reads the deployment, and its
    # parent for the raw-id field's label: two rows, once each (seen by the crawl, issue 21).
    {"model": "network.AIDeployment", "field": "get()"},
]
