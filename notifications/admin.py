from django.contrib import admin

from notifications.models import AgencyMailbox, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "email", "status", "delivery", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "delivery", "kind"]
    search_fields = ["email", "idempotency_key"]
    readonly_fields = [field.name for field in Notification._meta.fields]


@admin.register(AgencyMailbox)
class AgencyMailboxAdmin(admin.ModelAdmin):
    list_display = ["agency", "email"]
