"""The API under ``/api/v1/``: its page, ``openapi.json`` and the endpoints (``api.py``)."""

from django.urls import path

from . import views
from .api import api

urlpatterns = [
    path("", views.api_page, name="api_page"),
    path("", api.urls),
]
