from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "inclusion.reports"
    verbose_name = "Reports: the Ofsted evidence pack and governance reports"
    default_auto_field = "django.db.models.BigAutoField"
