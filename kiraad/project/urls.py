from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from kiraad import two_factor, views
from kiraad.forms import LoginForm

handler500 = "kiraad.error_views.server_error"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("council/", include("kiraad.council_urls")),
    path("measures/", include("measures.urls")),
    path("network/", include("network.urls")),
    path("register/", include("network.public_urls")),
    path("guidance/", include("guidance.urls")),
    path("kb/", include("guidance.kb_urls")),
    path("reports/", include("kiraad.reports.urls")),
    path("", include("notifications.urls")),
    path("api/v1/", include("kiraad.api_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm),
        name="login",
    ),
    path("accounts/2fa/", two_factor.two_factor_setup, name="two-factor-setup"),
    path("accounts/2fa/verify/", two_factor.two_factor_verify, name="two-factor-verify"),
    path(
        "accounts/password_reset/",
        views.ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # Without the CSRF check: the token pages are sent with «Referrer-Policy: no-referrer», so
    # browsers post the language switch from them with `Origin: null`, which the check refuses.
    # A forged post can do no more than set the language cookie to nb or en (Django validates
    # the code, and the redirect target with url_has_allowed_host_and_scheme).
    path(
        "i18n/setlang/",
        csrf_exempt(login_not_required(set_language)),
        name="set_language",
    ),
    path("admin/", admin.site.urls),
]
