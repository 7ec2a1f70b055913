from django.urls import path

from . import views

app_name = "listening"
urlpatterns = [
    path("", views.you_said, name="you_said"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.new_session, name="new_session"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("sessions/<int:pk>/themes/new/", views.new_theme, name="new_theme"),
    path("themes/<int:pk>/links/", views.theme_links, name="theme_links"),
]
