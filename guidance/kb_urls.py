"""The public knowledge base under /kb/ (URL names `kb:article-<page>`)."""

from django.urls import path

from guidance import views

app_name = "kb"

urlpatterns = [
    path("", views.kb_index, name="article-index"),
    path("<slug:slug>/", views.kb_article, name="article-detail"),
]
