"""Staff enrol a TOTP second factor; the admin requires it when ADMIN_REQUIRE_2FA is on."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def _enrol(client, user) -> TOTPDevice:
    client.force_login(user)
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.post("/accounts/2fa/", {"start": "1"}).status_code == 302
    page = client.get("/accounts/2fa/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert page.context["secret"] in page.text
    response = client.post("/accounts/2fa/", {"token": _code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_staff_enrol_an_authenticator_with_a_valid_code(client, cast):
    _enrol(client, cast["admin"])
    assert client.get("/accounts/2fa/").context["confirmed"] is True


def test_opening_the_setup_page_creates_nothing(client, cast):
    """A GET never writes (issue 21): the device is created by the «Set up» POST."""
    client.force_login(cast["admin"])
    page = client.get("/accounts/2fa/")
    assert page.status_code == 200
    assert not TOTPDevice.objects.exists()
    client.post("/accounts/2fa/", {"start": "1"})
    client.post("/accounts/2fa/", {"start": "1"})
    assert TOTPDevice.objects.filter(confirmed=False).count() == 1


def test_a_wrong_code_does_not_confirm_the_authenticator(client, cast):
    client.force_login(cast["admin"])
    client.post("/accounts/2fa/", {"start": "1"})
    response = client.post("/accounts/2fa/", {"token": "000000"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_only_staff_can_enrol(client, cast):
    client.force_login(cast["hdir_rep"])
    assert client.get("/accounts/2fa/").status_code == 403
    assert not TOTPDevice.objects.exists()


def test_the_admin_requires_the_second_factor_when_the_setting_says_so(client, cast, settings):
    settings.ADMIN_REQUIRE_2FA = True
    device = _enrol(client, cast["admin"])
    client.logout()
    client.force_login(cast["admin"])  # password only, no second factor in this session

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/verify/")
    wrong = client.post("/accounts/2fa/verify/", {"token": "000000", "next": "/admin/"})
    assert wrong.status_code == 200
    assert client.get("/admin/").status_code == 302

    device.refresh_from_db()
    # Allow the same time step again, and lift the throttle the wrong code started.
    device.last_t = -1
    device.throttle_reset(commit=False)
    device.save()
    verified = client.post("/accounts/2fa/verify/", {"token": _code(device), "next": "/admin/"})
    assert verified.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_admin_opens_with_a_password_alone_when_the_setting_is_off(client, cast, settings):
    settings.ADMIN_REQUIRE_2FA = False
    client.force_login(cast["admin"])
    assert client.get("/admin/").status_code == 200
