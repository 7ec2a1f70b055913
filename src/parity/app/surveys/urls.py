from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.results, name="results"),
    path("table.csv", views.table_csv, name="table_csv"),
    path("comments/", views.comment_review, name="comments"),
    path("comments/<str:what>/", views.comment_action, name="comment_action"),
]
