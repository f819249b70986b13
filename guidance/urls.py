"""Pages under /guidance/ (URL names `guidance:<entity>-<page>`)."""

from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("ask/", views.ask, name="request-ask"),
    path("track/<str:token>/", views.track, name="request-track"),
    path("resend-link/", views.resend_link, name="request-resend-link"),
    path("requests/<int:pk>/", views.request_detail, name="request-detail"),
    *[
        path(
            f"requests/<int:pk>/{action}/",
            views.request_action,
            {"action": action},
            name=f"request-{action}",
        )
        for action in views.ACTIONS
    ],
    path("articles/", views.article_list, name="article-list"),
    path("articles/new/", views.article_create, name="article-create"),
    path("articles/<int:pk>/", views.article_edit, name="article-edit"),
    path("articles/<int:pk>/publish/", views.article_publish, name="article-publish"),
    path("articles/<int:pk>/unpublish/", views.article_unpublish, name="article-unpublish"),
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("gaps/", views.gap_list, name="gap-list"),
    path("themes/", views.themes, name="themes"),
]
