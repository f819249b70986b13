from django.contrib import admin

from guidance import fts
from guidance.models import (
    AreaResponsibility,
    Article,
    Assignment,
    Gap,
    GuidanceMeeting,
    GuidanceRequest,
    RegulatoryArea,
    Resource,
)
from kiraad.admin_mixins import ReasonedHistoryAdmin


class AreaResponsibilityInline(admin.StackedInline):
    # Stacked: a table's rows carry no labels for their fields (axe: label, select-name).
    model = AreaResponsibility
    extra = 0


@admin.register(RegulatoryArea)
class RegulatoryAreaAdmin(ReasonedHistoryAdmin):
    list_display = ["name", "key", "order", "requires_dmp_confirmation"]
    inlines = [AreaResponsibilityInline]


@admin.register(GuidanceRequest)
class GuidanceRequestAdmin(ReasonedHistoryAdmin):
    """Read-only in the admin: the portal's pages and services make the changes."""

    list_display = ["reference", "title", "status", "received_at", "due_date"]
    list_filter = ["status", "kind"]
    search_fields = ["reference", "title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Assignment)
class AssignmentAdmin(ReasonedHistoryAdmin):
    list_display = ["request", "agency", "role", "signed_off_at"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GuidanceMeeting)
class GuidanceMeetingAdmin(ReasonedHistoryAdmin):
    list_display = ["title", "community", "held_on", "status"]


@admin.register(Gap)
class GapAdmin(ReasonedHistoryAdmin):
    list_display = ["title", "area", "responsible_agency", "status"]


@admin.register(Article)
class ArticleAdmin(ReasonedHistoryAdmin):
    """Articles are written on /guidance/articles/ so the body is sanitised by the service."""

    list_display = ["title", "responsible_agency", "published", "review_due"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    # An article deleted here leaves the SQLite default's search index too (guidance/fts.py).
    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        fts.unindex_articles([pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        fts.unindex_articles(pks)


@admin.register(Resource)
class ResourceAdmin(ReasonedHistoryAdmin):
    list_display = ["title", "agency", "article", "area"]
