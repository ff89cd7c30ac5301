from django.apps import AppConfig


class ExclusionsConfig(AppConfig):
    name = "inclusion.exclusions"
    verbose_name = "Exclusion-risk consultations, suspensions and permanent exclusions"
    default_auto_field = "django.db.models.BigAutoField"
