from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "inclusion.guidance"
    verbose_name = "Public advice and guidance"
