from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "inclusion.privacy"
    verbose_name = "Subject access and retention"
    default_auto_field = "django.db.models.BigAutoField"
