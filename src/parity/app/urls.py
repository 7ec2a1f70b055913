from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .accounts import views as account_views
from .dashboards import public_views
from .help import views as help_views
from .workforce import views as workforce_views

urlpatterns = [
    path("", workforce_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/emails/", account_views.notifications, name="notifications"),
    path("data/", include("parity.app.workforce.urls")),
    path("audit/", include("parity.app.audit.urls")),
    path("plans/", include("parity.app.plans.urls")),
    path("dashboard/", include("parity.app.dashboards.urls")),
    path("surveys/", include("parity.app.surveys.urls")),
    path("listening/", include("parity.app.listening.urls")),
    path("glossary/", public_views.glossary, name="glossary"),
    path("help/<slug:name>/", help_views.help_page, name="help"),
    path("reports/", include("parity.app.reports.urls")),
    path("public/", include("parity.app.opendata.public_urls")),  # XLSX and data dictionary, before the pages
    path("public/", include("parity.app.dashboards.public_urls")),
    path("api/v1/", include("parity.app.opendata.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "parity.app.workforce.views.forbidden"
