"""Pages under /network/ (URL names `network:<entity>-<page>`)."""

from django.urls import path

from network import views

app_name = "network"

urlpatterns = [
    path("", views.escalation_list, name="escalation-list"),
    path("escalations/new/", views.escalation_create, name="escalation-create"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation-detail"),
    path("escalations/<int:pk>/edit/", views.escalation_edit, name="escalation-edit"),
    path("escalations/<int:pk>/submit/", views.escalation_submit, name="escalation-submit"),
    path("escalations/<int:pk>/assess/", views.escalation_assess, name="escalation-assess"),
    path("escalations/<int:pk>/override/", views.escalation_override, name="escalation-override"),
    path("escalations/<int:pk>/agenda/", views.escalation_agenda, name="escalation-agenda"),
    path("escalations/<int:pk>/response/", views.escalation_response, name="escalation-response"),
    path(
        "escalations/<int:pk>/send-back/", views.escalation_send_back, name="escalation-send-back"
    ),
    path("escalations/<int:pk>/close/", views.escalation_close, name="escalation-close"),
    path("register/", views.deployment_list, name="deployment-list"),
    path("register/new/", views.deployment_create, name="deployment-create"),
    path("register/stats/", views.deployment_stats, name="deployment-stats"),
    path("register/<int:pk>/", views.deployment_detail, name="deployment-detail"),
    path("register/<int:pk>/edit/", views.deployment_edit, name="deployment-edit"),
]
