from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "inclusion.offers"
    verbose_name = "Attendance Offer support plans"
