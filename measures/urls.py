from django.urls import path

from measures import views

app_name = "measures"

urlpatterns = [
    path("", views.measure_list, name="measure-list"),
    path("export.csv", views.measure_export, name="measure-export"),
    path("new/", views.measure_create, name="measure-create"),
    path("<int:pk>/", views.measure_detail, name="measure-detail"),
    path("<int:pk>/update/", views.measure_update, name="measure-update"),
    path("<int:pk>/edit/", views.measure_edit, name="measure-edit"),
    path("<int:pk>/owners/", views.measure_owners, name="measure-owners"),
    path("<int:pk>/merge/", views.measure_merge_view, name="measure-merge"),
    path("<int:pk>/milestones/new/", views.milestone_form, name="milestone-create"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/edit/",
        views.milestone_form,
        name="milestone-edit",
    ),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_form, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_form, name="plan-edit"),
    path("plans/<int:pk>/rounds/new/", views.round_create, name="round-create"),
]
