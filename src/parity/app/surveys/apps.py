from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "parity.app.surveys"
    label = "surveys"
