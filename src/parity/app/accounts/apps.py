from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "parity.app.accounts"
    label = "accounts"
