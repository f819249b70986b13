"""The public register under /register/ (no login; public tier of fields only)."""

from django.urls import path

from network.views import register

app_name = "register"

urlpatterns = [
    path("", register.public_register, name="public-list"),
    path("<int:pk>/", register.public_register_detail, name="public-detail"),
    path("fields/", register.public_register_fields, name="public-fields"),
]
