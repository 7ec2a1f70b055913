from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "parity.app.plans"
    label = "plans"
