from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.validators import MaxLengthValidator


class BoundedUsernameMixin:
    """Refuse an over-long user name before it reaches authenticate().

    Django's AuthenticationForm sets max_length on the field but adds no validator, so a long
    value went on to django-axes, whose login-attempt table holds 255 characters: PostgreSQL
    refused the row and the login page answered 500.
    """

    fields: dict[str, forms.Field]  # the form's, as the mixin is used with a Form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.CharField, self.fields["username"])
        field.validators.append(MaxLengthValidator(field.max_length or 150))


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    """Django's login form without autofocus, so keyboard users meet the skip link first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    """The admin's login form with the same bound on the user name."""


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, with the link in its e-mail built on SITE_URL like every other
    e-mail's, never on the Host header of the request that asked for it."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        site = urlsplit(settings.SITE_URL)
        kwargs["domain_override"] = site.netloc
        kwargs["use_https"] = site.scheme == "https"
        super().save(*args, **kwargs)
