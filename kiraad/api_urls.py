"""URLs of the open API under /api/v1/ (namespace `api`): the endpoints the apps registered,
the OpenAPI document (`openapi.json`) and the browsable page at the root."""

from django.urls import path

from kiraad.api import api_urlpatterns, get_api
from kiraad.api_docs import api_docs

app_name = "api"

urlpatterns = [
    path("", api_docs, name="api-root"),  # the name Ninja reverses for its own root
    *api_urlpatterns(get_api()),
]
