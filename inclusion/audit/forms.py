from __future__ import annotations

from typing import Any

from django import forms

from inclusion.audit.selectors import AuditFilters
from inclusion.core.forms import GovukDateField, GovukForm


class AuditFilterForm(GovukForm):
    upn = forms.CharField(label="Pupil's UPN", required=False, max_length=20)
    email = forms.CharField(label="User's email address", required=False, max_length=254)
    date_from = GovukDateField(label="From", required=False)
    date_to = GovukDateField(label="To", required=False)

    def clean_upn(self) -> str:
        return str(self.cleaned_data["upn"]).replace(" ", "").upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "To must be the same as or after From")
        return data

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        data = self.cleaned_data
        return AuditFilters(
            upn=data["upn"],
            email=data["email"],
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
