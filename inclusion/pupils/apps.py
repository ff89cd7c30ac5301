from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "inclusion.pupils"
    verbose_name = "Pupils"
