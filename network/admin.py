from django.contrib import admin

from kiraad.admin_mixins import ReasonedHistoryAdmin
from network.models import (
    AIDeployment,
    DeploymentExperience,
    Escalation,
    EscalationCategory,
    EscalationLevel,
    Network,
)


@admin.register(Network)
class NetworkAdmin(ReasonedHistoryAdmin):
    list_display = ["code", "name", "agency"]


@admin.register(EscalationCategory)
class EscalationCategoryAdmin(ReasonedHistoryAdmin):
    list_display = ["name", "group", "order"]
    list_filter = ["group"]


@admin.register(EscalationLevel)
class EscalationLevelAdmin(ReasonedHistoryAdmin):
    list_display = ["name", "order"]


@admin.register(Escalation)
class EscalationAdmin(ReasonedHistoryAdmin):
    list_display = ["title", "network", "status", "priority", "raised_at"]
    list_filter = ["status", "priority", "category"]
    list_select_related = ["network"]
    search_fields = ["title"]
    raw_id_fields = ["raised_by", "agenda_item"]


class ExperienceInline(admin.StackedInline):
    model = DeploymentExperience
    extra = 0
    raw_id_fields = ["reported_by"]


@admin.register(AIDeployment)
class AIDeploymentAdmin(ReasonedHistoryAdmin):
    list_display = ["system", "health_trust", "region", "clinical_area", "phase"]
    list_filter = ["region", "clinical_area", "phase", "regulatory_status"]
    search_fields = ["system", "vendor", "health_trust"]
    raw_id_fields = ["reported_by", "parent"]
    inlines = [ExperienceInline]
