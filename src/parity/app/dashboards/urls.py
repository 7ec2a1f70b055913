from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("standards/", views.standards, name="standards"),
    path("tables/<str:measure>.csv", views.table_csv, name="table_csv"),
    path("publish/", views.publish, name="publish"),
    path("explore/", views.explore, name="explore"),
    path("publish/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<slug:slug>/", views.topic, name="topic"),
]
