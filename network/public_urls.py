"""The public register under /register/ (no login; public tier of fields only)."""

from django.urls import path

from network import views

app_name = "register"

urlpatterns = [
    path("", views.public_register, name="public-list"),
    path("<int:pk>/", views.public_register_detail, name="public-detail"),
]
