from django.urls import path

from ..plans import views as plan_views
from . import public_views

app_name = "public"
urlpatterns = [
    path("", public_views.index, name="index"),
    path("plans/<int:pk>/", plan_views.public_progress, name="plan_progress"),
    path("<int:pk>/tables/<str:measure>.csv", public_views.table_csv, name="table_csv"),
    path("<int:pk>/measures/<str:measure>/", public_views.measure, name="measure"),
    path("<int:pk>/<slug:slug>/", public_views.page, name="page"),
]
