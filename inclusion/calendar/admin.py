"""Service administrators may correct any authority's term dates and closures here. The same checks
as the officers' pages apply (no overlapping terms, closures inside a term), and every change is
audited."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from django import forms
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from inclusion.accounts.models import User
from inclusion.audit.models import AuditEvent
from inclusion.calendar import services
from inclusion.calendar.days import academic_year_of
from inclusion.calendar.models import Closure, Term


class TermAdminForm(forms.ModelForm[Term]):
    class Meta:
        model = Term
        fields = ("local_authority", "academic_year", "name", "starts_on", "ends_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        required = ("local_authority", "academic_year", "name", "starts_on", "ends_on")
        if all(data.get(name) is not None for name in required):
            try:
                services.check_term(
                    local_authority_id=data["local_authority"].pk,
                    academic_year=data["academic_year"],
                    details=services.TermDetails(
                        name=data["name"], starts_on=data["starts_on"], ends_on=data["ends_on"]
                    ),
                    term=None if self.instance._state.adding else self.instance,
                )
            except services.CalendarRuleError as error:
                self.add_error(error.field, error.message)
        return data


class ClosureAdminForm(forms.ModelForm[Closure]):
    class Meta:
        model = Closure
        fields = ("local_authority", "kind", "name", "starts_on", "ends_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        required = ("local_authority", "kind", "name", "starts_on", "ends_on")
        if all(data.get(name) is not None for name in required):
            try:
                services.check_closure(
                    local_authority_id=data["local_authority"].pk,
                    academic_year=academic_year_of(data["starts_on"]),
                    details=services.ClosureDetails(
                        name=data["name"],
                        kind=data["kind"],
                        starts_on=data["starts_on"],
                        ends_on=data["ends_on"],
                    ),
                    closure=None if self.instance._state.adding else self.instance,
                )
            except services.CalendarRuleError as error:
                self.add_error(error.field, error.message)
        return data


M = TypeVar("M", bound=Model)


class AuditedAdmin(admin.ModelAdmin[M], Generic[M]):
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if isinstance(request.user, User):
            services.record_admin_write(
                actor=request.user,
                target=obj,
                verb=AuditEvent.Verb.UPDATE if change else AuditEvent.Verb.CREATE,
                changes=list(form.changed_data),
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        if isinstance(request.user, User):
            services.record_admin_write(
                actor=request.user, target=obj, verb=AuditEvent.Verb.DELETE, changes=[]
            )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Term)
class TermAdmin(AuditedAdmin[Term]):
    form = TermAdminForm
    list_display = ("name", "local_authority", "academic_year", "starts_on", "ends_on")
    list_filter = ("local_authority", "academic_year")
    ordering = ("local_authority", "starts_on")

    def delete_model(self, request: HttpRequest, obj: Term) -> None:
        """A term goes with the closures inside it (as on the officers' pages)."""
        for closure in services.closures_inside(obj):
            super().delete_model(request, closure)
        super().delete_model(request, obj)


@admin.register(Closure)
class ClosureAdmin(AuditedAdmin[Closure]):
    form = ClosureAdminForm
    list_display = ("name", "kind", "local_authority", "starts_on", "ends_on")
    list_filter = ("local_authority", "kind")
    ordering = ("local_authority", "starts_on")
