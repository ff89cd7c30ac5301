from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from inclusion.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: audit events cannot be changed or deleted through the app."""

    list_display = ("at", "actor", "verb", "target_type", "target_id", "request_id")
    list_filter = ("verb", "target_type")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
