"""The public knowledge base under /kb/ (URL names `kb:article-<page>`)."""

from django.urls import path

from guidance.views import knowledge_base

app_name = "kb"

urlpatterns = [
    path("", knowledge_base.kb_index, name="article-index"),
    path("<slug:slug>/", knowledge_base.kb_article, name="article-detail"),
]
