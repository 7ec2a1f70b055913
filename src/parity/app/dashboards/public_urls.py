from django.urls import path

from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("<int:pk>/tables/<str:measure>.csv", public_views.table_csv, name="table_csv"),
    path("<int:pk>/<slug:slug>/", public_views.page, name="page"),
]
