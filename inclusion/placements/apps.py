from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "inclusion.placements"
    verbose_name = "Placements"
