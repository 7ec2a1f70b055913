"""Open-data files beside the public pages (included under ``/public/`` before them)."""

from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("<int:pk>/tables/<str:measure>.xlsx", views.table_xlsx, name="table_xlsx"),
    path("<int:pk>/data-dictionary.csv", views.dictionary_csv, name="dictionary_csv"),
]
