"""Forms for compliance evidence: adding it, and a co-ordinator's or LA officer's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from inclusion.core.forms import GovukDateField, GovukForm
from inclusion.providers.models import EvidenceKind
from inclusion.providers.services.evidence import EvidenceDetails
from inclusion.providers.uploads import (
    EMPTY_FILE,
    CheckedUpload,
    UploadRefusedError,
    check_evidence_upload,
    size_text,
)

FILE_REQUIRED = "Select the evidence file"
FILE_ACCEPT = ".pdf,.png,.jpg,.jpeg,.docx,.xlsx,.odt"


class EvidenceForm(GovukForm):
    kind = forms.ChoiceField(
        label="What is the evidence?",
        choices=EvidenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what the evidence is",
            "invalid_choice": "Select what the evidence is",
        },
    )
    checked_on = GovukDateField(
        label="Date checked",
        required_message="Enter the date the evidence was checked",
        help_text="For example, 27 3 2026",
    )
    expires_on = GovukDateField(
        label="Expiry date",
        required=False,
        help_text="For example, 27 3 2027. Leave this blank if the evidence does not expire.",
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text="For example, what was checked. Do not include pupils' details.",
        error_messages={"max_length": "Notes must be 2,000 characters or fewer"},
    )
    file = forms.FileField(
        label="Upload the evidence",
        widget=forms.FileInput(attrs={"accept": FILE_ACCEPT}),
        error_messages={
            "required": FILE_REQUIRED,
            "missing": FILE_REQUIRED,
            "empty": EMPTY_FILE,
            "invalid": "The selected file could not be uploaded \N{EN DASH} try again",
            "max_length": "The file name must be 200 characters or fewer",
        },
    )

    def __init__(self, *args: Any, file_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        upload = self.fields["file"]
        upload.required = file_required
        upload.label = "Upload the evidence" if file_required else "Upload the evidence (optional)"
        upload.help_text = (
            "A PDF, PNG, JPEG, DOCX, XLSX or ODT file, smaller than "
            f"{size_text(int(settings.EVIDENCE_MAX_BYTES))}."
        )

    def clean_file(self) -> CheckedUpload | None:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            return check_evidence_upload(upload)
        except UploadRefusedError as refused:
            raise forms.ValidationError(refused.message) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        checked: dt.date | None = cleaned.get("checked_on")
        expires: dt.date | None = cleaned.get("expires_on")
        if checked is not None and checked > timezone.localdate():
            self.add_error("checked_on", "Date checked must be today or in the past")
        elif checked is not None and expires is not None and expires < checked:
            self.add_error(
                "expires_on", "Expiry date must be the same as or after the date checked"
            )
        return cleaned

    def details(self) -> EvidenceDetails:
        data = self.cleaned_data
        return EvidenceDetails(
            kind=data["kind"],
            checked_on=data["checked_on"],
            expires_on=data.get("expires_on"),
            notes=data.get("notes", "").strip(),
        )

    def upload(self) -> CheckedUpload | None:
        upload: CheckedUpload | None = self.cleaned_data.get("file")
        return upload


class EvidenceDecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Do you confirm this evidence?",
        choices=[("confirm", "Yes, confirm it"), ("reject", "No, do not accept it")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you confirm the evidence",
            "invalid_choice": "Select whether you confirm the evidence",
        },
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=1000,
        widget=forms.Textarea,
        help_text="Needed if you do not accept it: the provider will see it.",
        error_messages={"max_length": "Reason must be 1,000 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter why the evidence is not accepted")
        return cleaned

    @property
    def confirm(self) -> bool:
        return bool(self.cleaned_data["decision"] == "confirm")

    @property
    def reason_text(self) -> str:
        return str(self.cleaned_data.get("reason", "")).strip()
