"""Settings for the KI-rådet portal, read entirely from the environment.

Production differs from development only by environment variables (see `.env.example`).
With no DATABASE_URL the portal runs on an SQLite file; with no CELERY_BROKER_URL background
tasks run in-process, so a newcomer needs nothing but Python.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from kiraad.logconfig import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.FileAwareEnv()

DEBUG = env.bool("DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-never-used-in-production")
else:
    SECRET_KEY = env("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The portal's public address (https://ki-radet.example.no): the base of every link in an
# e-mail (tracking links, meeting notices, password resets). Required when DEBUG is off, so no
# e-mail ever points at localhost; `check --deploy` also wants https and a host in
# ALLOWED_HOSTS (kiraad/checks.py). GUIDANCE_PUBLIC_BASE_URL is its former name, still read.
SITE_URL = env(
    "SITE_URL",
    default=env("GUIDANCE_PUBLIC_BASE_URL", default="http://127.0.0.1:8000" if DEBUG else ""),
).rstrip("/")
if not SITE_URL:
    raise ImproperlyConfigured(
        "Set SITE_URL to the portal's public address (https://…): the links in e-mails use it."
    )
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.path or _site.query:
    raise ImproperlyConfigured(
        f"SITE_URL must be a scheme and host such as https://ki-radet.example.no, not {SITE_URL!r}."
    )

INSTALLED_APPS = [
    "kiraad.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "simple_history",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "django_htmx",
    "kiraad",
    "measures",
    "guidance",
    "network",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The open API's CORS (GET only); answers preflights before the login check.
    "kiraad.middleware.ApiCorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kiraad.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "kiraad.middleware.AbsoluteSessionLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kiraad.error_views.ErrorPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kiraad.project.urls"
WSGI_APPLICATION = "kiraad.project.wsgi.application"
CSRF_FAILURE_VIEW = "kiraad.error_views.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kiraad.context_processors.portal",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "kiraad.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading the user with their agency and roles in one query.
    "kiraad.backends.PortalBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Guardian would otherwise create an "AnonymousUser" row; the public gets no object permissions.
ANONYMOUS_USER_NAME = None
GUARDIAN_MONKEY_PATCH_USER = False

# Five failed passwords for one username from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Staff must verify a TOTP code before the admin opens (enrol at /accounts/2fa/). On by
# default in production; off by default in development.
ADMIN_REQUIRE_2FA = env.bool("ADMIN_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = "KI-rådet"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["kiraad.formats"]
# The empty choice of every filter form reads «Alle» / «All», not «---------».
FILTERS_EMPTY_CHOICE_LABEL = _("All")
# locale_admin: Norwegian for what Django's admin and the packages leave in English (issue 21).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_admin"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the site's root (/favicon.ico), served by WhiteNoise.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Background work. Without a broker every task runs in-process, so the portal works on a
# laptop with nothing but Python; with one, a real Celery worker does the work.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE: dict = {
    # The create forms' one-time keys (kiraad.idempotency) older than two days.
    "kiraad-prune-form-keys": {
        "task": "kiraad.tasks.prune_form_keys",
        "schedule": crontab(hour=3, minute=41),
    },
}

REDIS_URL = env(
    "REDIS_URL",
    default=CELERY_BROKER_URL if CELERY_BROKER_URL.startswith("redis") else "",
)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rendered parts of list pages, shared between workers; see kiraad/page_cache.py. Off without
# Redis: a per-process cache would give each worker its own idea of the list.
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(REDIS_URL))
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# EMAIL_URL (smtp://user:pass@host:587/?tls=True) becomes Django 6.1's MAILERS setting. It is
# required when DEBUG is off; in development mail is printed to the console, with the secret
# links in it redacted (kiraad/mail.py).
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else environ.Env.NOTSET)
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    if not DEBUG:
        raise ImproperlyConfigured("EMAIL_URL=consolemail:// is for development (DEBUG=1) only.")
    _email["EMAIL_BACKEND"] = "kiraad.mail.RedactingConsoleBackend"
_email_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS"),
    "use_ssl": _email.get("EMAIL_USE_SSL"),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {key: value for key, value in _email_options.items() if value not in (None, "")}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="KI-rådet <ki-radet@localhost>")

# Security. Development keeps plain cookies so the portal works over http://127.0.0.1.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_SECONDS", default=8 * 60 * 60)
# See AbsoluteSessionLimitMiddleware: activity extends the session at most this often.
SESSION_REFRESH_SECONDS = env.int("SESSION_REFRESH_SECONDS", default=5 * 60)
SESSION_ABSOLUTE_SECONDS = env.int("SESSION_ABSOLUTE_SECONDS", default=12 * 60 * 60)
# Health probes come over plain HTTP from inside the container network (bin/portal healthcheck).
SECURE_REDIRECT_EXEMPT = [r"^livez$", r"^healthz$"]
if not DEBUG:
    # On by default. Behind a TLS proxy, the proxy must set X-Forwarded-Proto; the local
    # docker-compose trial has no TLS and turns the redirect off.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# No inline script or style anywhere, so the policy can stay strict. 'strict-dynamic' is left
# out because the admin's script tags carry no nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo-kiraad")
# Demo users must never reach production: load_demo_data refuses unless DEBUG or this is set.
ALLOW_DEMO_DATA = env.bool("ALLOW_DEMO_DATA", default=DEBUG)

# Days before a term ends when the council page flags it.
TERM_WARNING_DAYS = env.int("TERM_WARNING_DAYS", default=90)

# One redacting console handler for every process; LOG_FORMAT=json for JSON lines
# (kiraad/logconfig.py).
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)

# Dashboard panels, report sections, seed/demo loaders and dissolution handlers are not
# settings: each app registers them in its AppConfig (kiraad/registry.py).

# --- network app (competence network: escalations and the AI register) ---
# Escalations that have awaited the council longer than this are flagged on the dashboard.
ESCALATION_WAIT_DAYS = env.int("ESCALATION_WAIT_DAYS", default=60)
# --- guidance app (issue 11) ---------------------------------------------------------------
# Days after a request is finished before the requester's personal data is anonymised.
GUIDANCE_RETENTION_DAYS = env.int("GUIDANCE_RETENTION_DAYS", default=365)
# How many reverse proxies in front of the portal append to X-Forwarded-For (the TLS proxy: 1).
# The throttles read the client's address through exactly this many; 0 uses REMOTE_ADDR and
# ignores the header (anything beyond the count is what the client wrote itself).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Password-reset e-mails: per client address and per e-mail address asked for.
PASSWORD_RESET_RATE = env("PASSWORD_RESET_RATE", default="10/h")
PASSWORD_RESET_EMAIL_RATE = env("PASSWORD_RESET_EMAIL_RATE", default="3/h")
# Throttles of the public forms (kiraad/throttle.py), per client address: «N/unit», unit s, m,
# h or d (optionally with a count: «3/15m»). Only valid submissions count.
GUIDANCE_ASK_RATE = env("GUIDANCE_ASK_RATE", default="5/h")
# «Send me my link again», per client address.
GUIDANCE_RESEND_RATE = env("GUIDANCE_RESEND_RATE", default="5/h")
# Follow-up messages from one tracking page (per request).
GUIDANCE_FOLLOW_UP_RATE = env("GUIDANCE_FOLLOW_UP_RATE", default="5/h")
# The open API (/api/v1/), per client address.
API_RATE = env("API_RATE", default="120/m")
CELERY_BEAT_SCHEDULE["guidance-anonymise-closed-requests"] = {
    "task": "guidance.tasks.anonymise_closed_requests",
    "schedule": crontab(hour=3, minute=17),
}
# --- status reports to HOD (kiraad.reports, issue 7) ----------------------------------------
# A report «rendering» for longer than this is taken to be abandoned by a dead worker.
REPORT_RENDER_TIMEOUT_SECONDS = env.int("REPORT_RENDER_TIMEOUT_SECONDS", default=300)
CELERY_BEAT_SCHEDULE["reports-sweep-stale"] = {
    "task": "kiraad.reports.tasks.sweep_reports",
    "schedule": 60.0,
}
# --- notifications (issue 18): the outbox, reminders and the daily digest ---------------------
# Days before a reporting round's deadline when the owners who have not reported are reminded.
NOTIFY_ROUND_REMINDER_DAYS = env.int("NOTIFY_ROUND_REMINDER_DAYS", default=7)
# Days before a follow-up action's due date when its owners are reminded.
NOTIFY_ACTION_DUE_DAYS = env.int("NOTIFY_ACTION_DUE_DAYS", default=3)
# «Mine oppgaver»: a ministry commission's status report is due from this many days before its
# deadline until REPORT_OVERDUE_DAYS after it (older ones were answered outside the portal).
REPORT_DUE_DAYS = env.int("REPORT_DUE_DAYS", default=60)
REPORT_OVERDUE_DAYS = env.int("REPORT_OVERDUE_DAYS", default=90)
CELERY_BEAT_SCHEDULE["notifications-sweep-outbox"] = {
    "task": "notifications.tasks.sweep_outbox",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["notifications-daily-reminders"] = {
    "task": "notifications.tasks.daily_reminders",
    "schedule": crontab(hour=6, minute=30),
}
CELERY_BEAT_SCHEDULE["notifications-digest"] = {
    "task": "notifications.tasks.send_digests",
    "schedule": crontab(hour=7, minute=0),
}
