"""A second factor (TOTP) for staff accounts, required by the admin when ADMIN_REQUIRE_2FA is on."""

import base64
import io

import segno
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from kiraad.forms import AdminLoginForm
from kiraad.models import User


def second_factor_required(user: User) -> bool:
    """Staff must have a verified second factor for the admin when the setting says so."""
    return bool(settings.ADMIN_REQUIRE_2FA and user.is_authenticated and user.is_staff)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created once so a reload shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def _qr_data_uri(url: str) -> str:
    out = io.BytesIO()
    segno.make(url).save(out, kind="svg", scale=5)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode()


@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """GET only reads: the authenticator is created by the «Set up» POST, then confirmed by a
    code. A reload shows the same unconfirmed secret."""
    if not request.user.is_staff:
        raise PermissionDenied
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    device = (
        None if confirmed else TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    )
    if request.method == "POST" and not confirmed and "start" in request.POST:
        totp_device_start(user=request.user)
        return redirect("two-factor-setup")
    form = TokenForm(request.POST or None)
    if device and form.is_valid():
        if totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            return redirect("two-factor-setup")
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    context = {"confirmed": confirmed, "started": device is not None, "form": form}
    if device:
        context |= {
            "secret": base64.b32encode(device.bin_key).decode(),
            "qr": _qr_data_uri(device.config_url),
        }
    return render(request, "registration/two_factor_setup.html", context)


@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or reverse("admin:index")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = reverse("admin:index")
    devices = TOTPDevice.objects.filter(user=request.user, confirmed=True)
    if not devices.exists():
        return redirect("two-factor-setup")
    form = TokenForm(request.POST or None)
    if form.is_valid():
        device = next((d for d in devices if d.verify_token(form.cleaned_data["token"])), None)
        if device is not None:
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("token", _("The code is wrong or has expired. Try the newest code."))
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})


class PortalAdminSite(admin.AdminSite):
    """The admin, which asks staff for their second factor when ADMIN_REQUIRE_2FA is on."""

    login_form = AdminLoginForm

    def _build_app_dict(self, request, label=None):
        """The app and model names the packages leave in English, from kiraad.admin_language."""
        from kiraad import admin_language

        built = super()._build_app_dict(request, label)
        # Keyed by app label, also when one app's index asks for its label only.
        for app in built.values():
            app["name"] = admin_language.app_name(app["app_label"], app["name"])
            for model in app["models"]:
                key = (app["app_label"], model["object_name"].lower())
                model["name"] = str(admin_language.MODEL_NAMES.get(key, model["name"]))
        return built

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if allowed and second_factor_required(request.user):
            return request.user.is_verified()
        return allowed

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request, extra_context=None):
        if (
            request.method == "GET"
            and second_factor_required(request.user)
            and not request.user.is_verified()
        ):
            return redirect(f"{reverse('two-factor-verify')}?next={reverse('admin:index')}")
        return super().login(request, extra_context)
