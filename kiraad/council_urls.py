"""Pages under /council/ (URL names `kiraad:<entity>-<page>`): the council page and the meetings'
pages (kiraad/meetings/urls.py, in the same `kiraad` namespace)."""

from django.urls import path

from kiraad import views
from kiraad.meetings import urls as meeting_urls

app_name = "kiraad"

urlpatterns = [
    path("", views.council, name="council"),
    *meeting_urls.urlpatterns,
]
