from django.apps import AppConfig


class MovesConfig(AppConfig):
    name = "inclusion.moves"
    verbose_name = "Managed moves and off-site direction"
    default_auto_field = "django.db.models.BigAutoField"
