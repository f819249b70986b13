from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class BoundedUsernameMixin:
    """Refuse an over-long user name before it reaches authenticate().

    Django's AuthenticationForm sets max_length on the field but adds no validator, so a long
    value went on to django-axes, whose login-attempt table holds 255 characters: PostgreSQL
    refused the row and the login page answered 500.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    """Django's login form without autofocus, so keyboard users meet the skip link first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    """The admin's login form with the same bound on the user name."""
