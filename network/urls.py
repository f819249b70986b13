"""Pages under /network/ (URL names `network:<entity>-<page>`)."""

from django.urls import path

from network.views import escalations, register

app_name = "network"

urlpatterns = [
    path("", escalations.escalation_list, name="escalation-list"),
    path("escalations/new/", escalations.escalation_create, name="escalation-create"),
    path("escalations/<int:pk>/", escalations.escalation_detail, name="escalation-detail"),
    path("escalations/<int:pk>/edit/", escalations.escalation_edit, name="escalation-edit"),
    path("escalations/<int:pk>/submit/", escalations.escalation_submit, name="escalation-submit"),
    path("escalations/<int:pk>/assess/", escalations.escalation_assess, name="escalation-assess"),
    path(
        "escalations/<int:pk>/override/",
        escalations.escalation_override,
        name="escalation-override",
    ),
    path("escalations/<int:pk>/agenda/", escalations.escalation_agenda, name="escalation-agenda"),
    path(
        "escalations/<int:pk>/response/",
        escalations.escalation_response,
        name="escalation-response",
    ),
    path(
        "escalations/<int:pk>/send-back/",
        escalations.escalation_send_back,
        name="escalation-send-back",
    ),
    path("escalations/<int:pk>/close/", escalations.escalation_close, name="escalation-close"),
    path("register/", register.deployment_list, name="deployment-list"),
    path("register/new/", register.deployment_create, name="deployment-create"),
    path("register/stats/", register.deployment_stats, name="deployment-stats"),
    path("register/<int:pk>/", register.deployment_detail, name="deployment-detail"),
    path("register/<int:pk>/edit/", register.deployment_edit, name="deployment-edit"),
    path("register/<int:pk>/publish/", register.deployment_publish, name="deployment-publish"),
    path("register/<int:pk>/withdraw/", register.deployment_withdraw, name="deployment-withdraw"),
]
