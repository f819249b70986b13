from django.contrib import admin

from kiraad.admin_mixins import ReasonedHistoryAdmin
from measures.models import Measure, MeasureOwner, Milestone, Plan, ReportingRound, StatusUpdate


class OwnerInline(admin.TabularInline):
    model = MeasureOwner
    extra = 0
    # Owners change through the portal's owners page, which keeps permissions in step.
    readonly_fields = ["agency", "is_lead"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ReasonedHistoryAdmin):
    list_display = ["key", "title", "year"]
    search_fields = ["key", "title"]
    filter_horizontal = ["commissions"]


@admin.register(Measure)
class MeasureAdmin(ReasonedHistoryAdmin):
    list_display = ["number", "title", "plan", "priority", "status", "health", "progress"]
    list_filter = ["plan", "priority", "kind", "status", "health"]
    search_fields = ["number", "title", "description"]
    # Status, progress and health change only through a status update; links to agenda items
    # only from the meeting page (the secretariat's picker, with history).
    readonly_fields = ["status", "progress", "health", "latest_update", "agenda_items"]
    raw_id_fields = ["merged_into"]
    filter_horizontal = ["commissions"]
    inlines = [OwnerInline]


@admin.register(Milestone)
class MilestoneAdmin(ReasonedHistoryAdmin):
    list_display = ["title", "measure", "due_date", "indicative_deadline", "done_on"]
    raw_id_fields = ["measure"]


@admin.register(ReportingRound)
class ReportingRoundAdmin(ReasonedHistoryAdmin):
    list_display = ["name", "plan", "opens_on", "due_on"]


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    """Read-only: status updates are append-only and posted in the portal."""

    list_display = ["measure", "created_at", "agency", "author", "status", "progress", "health"]
    list_filter = ["status", "health"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
