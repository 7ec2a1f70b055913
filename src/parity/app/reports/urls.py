from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("make/", views.generate, name="generate"),
    path("<int:pk>/download/", views.download, name="download"),
    path("council/", views.council, name="council"),
    path("template/", views.template, name="template"),
]
