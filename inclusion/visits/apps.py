from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "inclusion.visits"
    verbose_name = "Visits to pupils at providers"
    default_auto_field = "django.db.models.BigAutoField"
