from django.urls import path

from kiraad.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="report-list"),
    path("<int:pk>/", views.report_detail, name="report-detail"),
    path("<int:pk>/download/", views.report_download, name="report-download"),
    path("<int:pk>/retry/", views.report_retry, name="report-retry"),
]
