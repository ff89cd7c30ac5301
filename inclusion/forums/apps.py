from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "inclusion.forums"
    verbose_name = "Inclusion Forums"
