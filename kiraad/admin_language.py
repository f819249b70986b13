"""The admin in Norwegian where Django and the packages leave English (issue 21).

Django stores the names of the model permissions in English when it migrates («Can add
agency»); the permission pickers show the action and the model in the chosen language instead.
django-otp's help texts and django-axes' and django-otp's app names are not marked for
translation; the admin shows them from this project's catalogue.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.db.models import ManyToManyField
from django.forms import ModelMultipleChoiceField
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}
APP_NAMES = {"axes": _("Login attempts"), "otp_totp": _("Second factor")}
MODEL_NAMES = {("otp_totp", "totpdevice"): _("Authenticator apps")}
OTP_SECTIONS = {
    "Identity": _("Identity"),
    "Timestamps": _("Times"),
    "Configuration": _("Configuration"),
    "State": _("State"),
    "Throttling": _("Throttling"),
}
# django-otp's help texts, word for word, so they reach the catalogue.
OTP_HELP = {
    "user": _("The user that this device belongs to."),
    "name": _("The human-readable name of this device."),
    "confirmed": _("Is this device ready for use?"),
    "key": _("A hex-encoded secret key of up to 40 bytes."),
    "step": _("The time step in seconds."),
    "t0": _("The Unix time at which to begin counting steps."),
    "digits": _("The number of digits to expect in a token."),
    "tolerance": _("The number of time steps in the past or future to allow."),
    "drift": _("The number of time steps the prover is known to deviate from our clock."),
    "last_t": _(
        "The t value of the latest verified token. The next token must be at a higher time step."
    ),
    "throttling_failure_timestamp": _(
        "A timestamp of the last failed verification attempt. Null if last attempt succeeded."
    ),
    "throttling_failure_count": _("Number of successive failed attempts."),
    "created_at": _("The date and time when this device was initially created in the system."),
    "last_used_at": _("The most recent date and time this device was used."),
}


def app_name(app_label: str, default: str) -> str:
    return str(APP_NAMES.get(app_label, default))


def permission_label(permission: Permission) -> str:
    """«App | model | Can add model» in the chosen language; a custom permission keeps its name."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or permission.codename != f"{action}_{model._meta.model_name}":
        return str(permission)
    history_of = getattr(model, "instance_type", None)  # simple-history's historical model
    name = (
        gettext("history of %(name)s") % {"name": history_of._meta.verbose_name}
        if history_of is not None
        else str(model._meta.verbose_name)
    )
    config = apps.get_app_config(model._meta.app_label)
    label = str(ACTIONS[action] % {"name": name}) if action in ACTIONS else permission.name
    return f"{app_name(config.label, str(config.verbose_name))} | {name} | {label}"


class PermissionLabelsMixin:
    """For admins with a permission picker (groups, users)."""

    def formfield_for_manytomany(
        self,
        db_field: "ManyToManyField[Any, Any]",
        request: HttpRequest | None = None,
        **kwargs: Any,
    ) -> ModelMultipleChoiceField | None:
        field = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = permission_label
        return field
