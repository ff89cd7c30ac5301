from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "inclusion.demo"
    verbose_name = "Demo data"
