from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "inclusion.audit"
    verbose_name = "Audit"
