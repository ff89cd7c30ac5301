"""Service administrators confirm reason codes against the current CBDS and say which districts'
consultations go to another team. Every change is audited (field names only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from inclusion.accounts.models import User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.exclusions.models import ExclusionReason, ExclusionRouting


def _audit(request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
    user = request.user if isinstance(request.user, User) else None
    audit_record(
        actor=user,
        verb=AuditEvent.Verb.UPDATE if change else AuditEvent.Verb.CREATE,
        target=obj,
        changes=form.changed_data,
    )


@admin.register(ExclusionReason)
class ExclusionReasonAdmin(admin.ModelAdmin[ExclusionReason]):
    list_display = ("code", "meaning", "note", "valid_from", "valid_until", "confirmed")
    list_filter = ("confirmed",)
    search_fields = ("code", "meaning")
    list_editable = ("confirmed",)

    def save_model(
        self, request: HttpRequest, obj: ExclusionReason, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        _audit(request, obj, form, change)


@admin.register(ExclusionRouting)
class ExclusionRoutingAdmin(admin.ModelAdmin[ExclusionRouting]):
    list_display = ("district", "team_name", "agency")

    def save_model(
        self, request: HttpRequest, obj: ExclusionRouting, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        _audit(request, obj, form, change)
