"""Pages under /guidance/ (URL names `guidance:<entity>-<page>`)."""

from django.urls import path

from guidance.views import actions, gaps, intake, knowledge_base, meetings, requests, tracking

app_name = "guidance"

urlpatterns = [
    path("", requests.request_list, name="request-list"),
    path("ask/", intake.ask, name="request-ask"),
    path("track/<str:token>/", tracking.track, name="request-track"),
    path("resend-link/", tracking.resend_link, name="request-resend-link"),
    path("requests/<int:pk>/", requests.request_detail, name="request-detail"),
    *[
        path(
            f"requests/<int:pk>/{action}/",
            actions.request_action,
            {"action": action},
            name=f"request-{action}",
        )
        for action in actions.ACTIONS
    ],
    path("articles/", knowledge_base.article_list, name="article-list"),
    path("articles/new/", knowledge_base.article_create, name="article-create"),
    path("articles/<int:pk>/", knowledge_base.article_edit, name="article-edit"),
    path("articles/<int:pk>/publish/", knowledge_base.article_publish, name="article-publish"),
    path(
        "articles/<int:pk>/unpublish/", knowledge_base.article_unpublish, name="article-unpublish"
    ),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("gaps/", gaps.gap_list, name="gap-list"),
    path("themes/", gaps.themes, name="themes"),
]
