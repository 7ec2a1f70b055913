from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "parity.app.reports"
    label = "reports"
