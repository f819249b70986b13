"""Pages under /council/ (URL names `kiraad:<entity>-<page>`)."""

from django.urls import path

from kiraad import views

app_name = "kiraad"

urlpatterns = [
    path("", views.council, name="council"),
]
