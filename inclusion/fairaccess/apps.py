from django.apps import AppConfig


class FairAccessConfig(AppConfig):
    name = "inclusion.fairaccess"
    label = "fairaccess"
    verbose_name = "Fair Access Protocol"
    default_auto_field = "django.db.models.BigAutoField"
