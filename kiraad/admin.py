from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from kiraad.admin_mixins import REASON_FIELD, ReasonedHistoryAdmin
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
    StatusReport,
    User,
)

admin.site.site_header = _("KI-rådet – administration")
admin.site.site_title = _("KI-rådet")


@admin.register(Agency)
class AgencyAdmin(ReasonedHistoryAdmin):
    list_display = ["code", "name", "kind", "successor", "dissolved_on"]
    list_filter = ["kind", "side"]
    search_fields = ["code", "name", "short_name"]
    list_select_related = ["successor"]


@admin.register(User)
class PortalUserAdmin(ReasonedHistoryAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_staff", "is_active"]
    list_filter = ["agency", "groups", "is_staff", "is_active"]
    list_select_related = ["agency"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Agency"), {"fields": ["agency"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("Agency"), {"fields": ["agency"]}),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = UserAdmin.get_fieldsets(self, request, obj)
        return [*fieldsets, (_("History"), {"fields": [REASON_FIELD]})]


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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["agency", "role", "start", "end", "note"]
    show_change_link = True


@admin.register(Mandate)
class MandateAdmin(ReasonedHistoryAdmin):
    list_display = ["title", "body", "status", "term_start", "term_end", "evaluation_due"]
    list_filter = ["body", "status"]
    list_select_related = ["body"]
    inlines = [MembershipInline]


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 1
    autocomplete_fields = ["user"]


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


admin.site.register(Attendance, ReasonedHistoryAdmin)
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
