from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "parity.app.audit"
    label = "audit"
