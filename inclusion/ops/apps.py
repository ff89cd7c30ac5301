from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "inclusion.ops"
    verbose_name = "Operations"
