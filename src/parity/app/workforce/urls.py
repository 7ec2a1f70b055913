from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("", views.data, name="data"),
    path("upload/", views.upload, name="upload"),
    path("upload/match/", views.match_upload, name="match_upload"),
    path("runs/<int:pk>/match/", views.match, name="match"),
    path("maps/", views.saved_maps, name="saved_maps"),
    path("maps/<int:pk>/column-map.yaml", views.saved_map_yaml, name="saved_map_yaml"),
    path("templates/<str:name>", views.template_file, name="template"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/status.json", views.run_status, name="run_status"),
    path("runs/<int:pk>/confirm/", views.run_confirm, name="run_confirm"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("versions/<int:pk>/use/", views.use_version, name="use_version"),
    path("runs/<int:pk>/report.json", views.run_report, name="run_report"),
    path("runs/<int:pk>/quarantined-rows.csv", views.quarantine_csv, name="quarantine_csv"),
    path("records/", views.records, name="records"),
]
