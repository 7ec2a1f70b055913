from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "parity.app.listening"
    label = "listening"
