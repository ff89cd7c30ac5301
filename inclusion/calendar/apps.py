from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "inclusion.calendar"
    label = "calendar"
    verbose_name = "School calendar"
