from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "parity.app.workforce"
    label = "workforce"
