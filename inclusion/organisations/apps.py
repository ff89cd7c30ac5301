from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "inclusion.organisations"
    verbose_name = "Organisations"
