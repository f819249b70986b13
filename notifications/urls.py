from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("tasks/", views.tasks, name="tasks"),
    path("account/notifications/", views.preferences, name="preferences"),
    path("account/notifications/failed/", views.failed, name="failed"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
