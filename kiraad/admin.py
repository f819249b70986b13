from django import forms
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from kiraad.access import Role, user_roles
from kiraad.admin_language import OTP_HELP, OTP_SECTIONS, PermissionLabelsMixin, name_otp_fields
from kiraad.admin_mixins import REASON_FIELD, ReasonedHistoryAdmin
from kiraad.admin_succession import succession_view, transfer_to_successor
from kiraad.models import (
    ActionItem,
    Agency,
    AgendaItem,
    Attendance,
    Body,
    Commission,
    Mandate,
    Meeting,
    Membership,
    Representative,
    Source,
    StatusReport,
    User,
)
from kiraad.services import user_set_roles

admin.site.site_header = _("KI-rådet – administration")
admin.site.site_title = _("KI-rådet")


@admin.register(Agency)
class AgencyAdmin(ReasonedHistoryAdmin):
    """A successor is set only by «Transfer to successor», which moves what the agency was
    doing; editing the field alone would move nothing, so it is read-only here."""

    list_display = ["code", "name", "kind", "successor", "dissolved_on"]
    list_filter = ["kind", "side"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["successor"]
    actions = [transfer_to_successor]
    readonly_fields = ["successor", "dissolved_on", "change_kind"]
    change_form_template = "admin/kiraad/agency/change_form.html"
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "aliases", "kind", "side"]}),
        (
            _("Succession"),
            {
                "fields": ["successor", "dissolved_on", "change_kind", "change_note"],
                "description": _(
                    "Use «Transfer to successor» (at the top of this page, or as an action "
                    "in the list) to dissolve the agency: it shows what will move and moves it."
                ),
            },
        ),
        (_("Notes"), {"fields": ["note", "source"]}),
    ]

    def get_urls(self):
        def view(request, object_id):
            return succession_view(self, request, object_id)

        urls = [
            path(
                "<path:object_id>/succession/",
                self.admin_site.admin_view(view),
                name="kiraad_agency_succession",
            )
        ]
        return urls + super().get_urls()


ROLE_LABELS = {
    Role.SECRETARIAT: _("secretariat"),
    Role.AGENCY_REPRESENTATIVE: _("agency representative"),
    Role.NETWORK_COORDINATOR: _("network coordinator"),
}


def _roles_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(str(role), ROLE_LABELS[role]) for role in Role],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "An agency representative acts for the agency above: the agency's rights follow "
            "the person when the agency is changed."
        ),
    )


def _without_groups(fieldsets) -> list:
    # Role and agency groups are set by user_set_roles, never ticked by hand.
    return [
        (name, {**opts, "fields": [f for f in opts["fields"] if f != "groups"]})
        for name, opts in fieldsets
    ]


@admin.register(User)
class PortalUserAdmin(PermissionLabelsMixin, ReasonedHistoryAdmin, UserAdmin):
    """Users' agency and roles are saved through `user_set_roles`, which keeps their groups
    (and so their object permissions) in step, on the add form and the change form alike."""

    list_display = ["username", "first_name", "last_name", "agency", "is_staff", "is_active"]
    list_filter = ["agency", "groups", "is_staff", "is_active"]
    list_select_related = ["agency"]
    fieldsets = [
        *_without_groups(UserAdmin.fieldsets),
        (_("Agency and roles"), {"fields": ["agency", "roles"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Agency and roles"), {"fields": ["agency", "roles"]}),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The add form is UserAdmin's own (with the passwords); the reason-asking base class
        # would otherwise build on the change form and lose it.
        base = self.add_form if obj is None else self.form
        initial = sorted(str(role) for role in user_roles(obj)) if obj is not None else []
        roles = _roles_field()
        roles.initial = initial
        kwargs["form"] = type(base.__name__, (base,), {"roles": roles})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = UserAdmin.get_fieldsets(self, request, obj)
        return [*fieldsets, (_("History"), {"fields": [REASON_FIELD]})]

    def save_model(self, request, obj, form, change):
        user_set_roles(
            user=obj,
            agency=form.cleaned_data.get("agency"),
            roles={Role(name) for name in form.cleaned_data.get("roles", [])},
            by=request.user,
            reason=form.cleaned_data.get(REASON_FIELD, ""),
        )


@admin.register(Source)
class SourceAdmin(ReasonedHistoryAdmin):
    """The documents the data comes from; agencies, bodies, plans and measures cite them."""

    list_display = ["title", "sender", "date", "kind"]
    list_filter = ["kind"]
    search_fields = ["title", "sender"]


@admin.register(Commission)
class CommissionAdmin(ReasonedHistoryAdmin):
    list_display = ["reference", "year", "agency", "title"]
    list_filter = ["year", "agency"]
    search_fields = ["reference", "title"]


class MandateInline(admin.StackedInline):
    model = Mandate
    extra = 0
    fields = ["key", "title", "status", "term_start", "term_end"]
    show_change_link = True


@admin.register(Body)
class BodyAdmin(ReasonedHistoryAdmin):
    list_display = ["name", "kind", "decides", "active_from", "active_to"]
    list_filter = ["kind"]
    inlines = [MandateInline]


class MembershipInline(admin.StackedInline):
    # Stacked: a table's rows carry no labels for their fields (axe: label, select-name).
    model = Membership
    extra = 0
    fields = ["agency", "role", "start", "end", "note"]
    show_change_link = True

    def get_queryset(self, request):
        # Each row is named «agency – mandate» above its fields: one query, not two per row.
        return super().get_queryset(request).select_related("agency", "mandate")


@admin.register(Mandate)
class MandateAdmin(ReasonedHistoryAdmin):
    list_display = ["title", "body", "status", "term_start", "term_end", "evaluation_due"]
    list_filter = ["body", "status"]
    list_select_related = ["body"]
    inlines = [MembershipInline]


class RepresentativeInline(admin.StackedInline):
    # Stacked with a plain id field: the table's checkbox had no label and the autocomplete box
    # no accessible name (axe: label, aria-input-field-name; issue 21).
    model = Representative
    extra = 1
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(ReasonedHistoryAdmin):
    list_display = ["agency", "mandate", "role", "start", "end"]
    list_filter = ["mandate__body", "role"]
    list_select_related = ["agency", "mandate"]
    inlines = [RepresentativeInline]


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    fk_name = "meeting"


@admin.register(Meeting)
class MeetingAdmin(ReasonedHistoryAdmin):
    list_display = ["__str__", "body", "starts_at", "status"]
    list_filter = ["body", "status"]
    list_select_related = ["body"]
    inlines = [AgendaItemInline]


@admin.register(Attendance)
class AttendanceAdmin(ReasonedHistoryAdmin):
    # Each row names its agency (Attendance.__str__): read them with the rows, not one by one.
    list_select_related = ["agency"]


admin.site.register(ActionItem, ReasonedHistoryAdmin)


@admin.register(StatusReport)
class StatusReportAdmin(ReasonedHistoryAdmin):
    list_display = ["title", "state", "as_of", "requested_by", "requested_at"]
    list_filter = ["state"]
    readonly_fields = ["checksum", "pdf", "error", "attempts", "started_at", "finished_at"]


# Council meetings (issue 5).
from kiraad.models import CalendarToken, MeetingDocument  # noqa: E402

admin.site.register(MeetingDocument, ReasonedHistoryAdmin)


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReasonedHistoryAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    readonly_fields = ["token_hash"]


admin.site.unregister(Group)


@admin.register(Group)
class PortalGroupAdmin(PermissionLabelsMixin, GroupAdmin):
    """Django's group admin, with the permissions named in the chosen language."""


admin.site.unregister(TOTPDevice)
name_otp_fields(TOTPDevice)


@admin.register(TOTPDevice)
class PortalTOTPDeviceAdmin(TOTPDeviceAdmin):
    """django-otp's admin, with its help texts from this project's catalogue."""

    readonly_fields = ["created", "last_used", "qrcode_link"]
    search_help_text = _("Search by the user's username or e-mail address")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        for name, field in form.base_fields.items():
            if name in OTP_HELP:
                field.help_text = OTP_HELP[name]
        return form

    def get_fieldsets(self, request, obj=None):
        # The dates shown read-only would take the package's English help texts.
        names = {"created_at": "created", "last_used_at": "last_used"}
        return [
            (
                OTP_SECTIONS.get(title, title),
                {**opts, "fields": [names.get(f, f) for f in opts["fields"]]},
            )
            for title, opts in super().get_fieldsets(request, obj)
        ]

    @admin.display(description=_("created"))
    def created(self, obj):
        # A method's None reads «None» on the add form; a date not set yet is shown as empty.
        return obj.created_at or self.get_empty_value_display()

    @admin.display(description=_("last used"))
    def last_used(self, obj):
        return obj.last_used_at or self.get_empty_value_display()
