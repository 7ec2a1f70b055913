from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "parity.app.measures"
    label = "measures"
