"""Service administrators change the retention rules here (every change is audited); runs are
read only. Legal holds are placed and lifted by LA officers on the subject access page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from inclusion.accounts.models import User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.privacy.models import RetentionRule, RetentionRun


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin[RetentionRule]):
    list_display = ("record_type", "basis", "years", "action", "source")
    fields = ("record_type", "basis", "years", "action", "source")

    def save_model(
        self, request: HttpRequest, obj: RetentionRule, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        actor = request.user if isinstance(request.user, User) else None
        audit_record(
            actor=actor,
            verb=AuditEvent.Verb.UPDATE if change else AuditEvent.Verb.CREATE,
            target=obj,
            changes=form.changed_data,
        )


@admin.register(RetentionRun)
class RetentionRunAdmin(admin.ModelAdmin[RetentionRun]):
    list_display = ("created_at", "local_authority", "as_of", "applied", "started_by")
    list_filter = ("applied", "local_authority")
    readonly_fields = ("local_authority", "applied", "as_of", "report", "started_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
