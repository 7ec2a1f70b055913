from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "parity.app.dashboards"
    label = "dashboards"
