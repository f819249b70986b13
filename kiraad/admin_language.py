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
# Models without a name of their own: guardian's object permissions, and the direct ones the
# apps keep for speed (named only in the permission picker).
PERMISSION_MODEL_NAMES = {
    ("guardian", "userobjectpermission"): _("user's permission on an object"),
    ("guardian", "groupobjectpermission"): _("group's permission on an object"),
    ("measures", "measureuserobjectpermission"): _("user's permission on a measure"),
    ("measures", "measuregroupobjectpermission"): _("group's permission on a measure"),
    ("guidance", "guidancerequestuserobjectpermission"): _(
        "user's permission on a guidance request"
    ),
    ("guidance", "guidancerequestgroupobjectpermission"): _(
        "group's permission on a guidance request"
    ),
}
# django-otp marks none of its field names for translation: the names Django derives from them,
# word for word, set on the fields at start-up (verbose_name only, so no migration follows).
OTP_FIELDS = {
    "user": _("user"),
    "name": _("name"),
    "confirmed": _("confirmed"),
    "key": _("key"),
    "step": _("step"),
    "t0": _("t0"),
    "digits": _("digits"),
    "tolerance": _("tolerance"),
    "drift": _("drift"),
    "last_t": _("last t"),
    "throttling_failure_timestamp": _("throttling failure timestamp"),
    "throttling_failure_count": _("throttling failure count"),
    "created_at": _("created at"),
    "last_used_at": _("last used at"),
}
OTP_MODEL_NAME = (_("authenticator app"), _("authenticator apps"))
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
    own_name = PERMISSION_MODEL_NAMES.get((model._meta.app_label, str(model._meta.model_name)))
    name = (
        gettext("history of %(name)s") % {"name": history_of._meta.verbose_name}
        if history_of is not None
        else str(own_name or model._meta.verbose_name)
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


def name_otp_fields(model: Any) -> None:
    """django-otp's device model with Norwegian field and model names (list columns, filters,
    the search help and the form's labels all read them)."""
    for field_name, label in OTP_FIELDS.items():
        model._meta.get_field(field_name).verbose_name = label
    model._meta.verbose_name, model._meta.verbose_name_plural = OTP_MODEL_NAME
