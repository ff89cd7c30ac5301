from django.apps import AppConfig


class ProvidersConfig(AppConfig):
    name = "inclusion.providers"
    verbose_name = "Providers"
