from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inclusion.accounts"
    verbose_name = "Accounts"
