"""Forms for the GIAS import: the upload, and the decision after a check found errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import filetype
from django import forms
from django.conf import settings

from inclusion.core.forms import GovukForm

NOT_A_CSV = "The selected file must be a CSV"
DECISIONS = [("import_valid", "Import only the valid rows"), ("cancel", "Cancel the import")]
# Bytes read from the start of the upload to tell a text file from a binary one.
SNIFF_BYTES = 8192


def size_text(size: int) -> str:
    """200MB, 500KB: how GOV.UK states a file size limit."""
    megabyte = 1024 * 1024
    if size >= megabyte:
        return f"{size / megabyte:g}MB"
    return f"{max(size // 1024, 1)}KB"


def looks_like_text(head: bytes) -> bool:
    """No NUL bytes, and not a type ``filetype`` knows by its signature (a spreadsheet, zip,
    PDF or image renamed ``.csv``): the check by content of ADR 0007."""
    return b"\x00" not in head and filetype.guess(head) is None


class GiasUploadForm(GovukForm):
    file = forms.FileField(
        label="Upload the GIAS file",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Select the GIAS CSV file",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded \N{EN DASH} try again",
            "missing": "Select the GIAS CSV file",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "The “edubasealldata” CSV file of all establishments, as downloaded from Get "
            f"Information About Schools. It must be smaller than {size_text(self.max_bytes)}."
        )

    @property
    def max_bytes(self) -> int:
        return int(settings.GIAS_MAX_BYTES)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"The selected file must be smaller than {size_text(self.max_bytes)}"
            )
        if Path(upload.name or "").suffix.lower() != ".csv":
            raise forms.ValidationError(NOT_A_CSV)
        head = upload.read(SNIFF_BYTES)
        upload.seek(0)
        if not looks_like_text(head):
            raise forms.ValidationError(NOT_A_CSV)
        return upload


class GiasDecisionForm(GovukForm):
    """The two buttons of the job page post ``decision``."""

    decision = forms.ChoiceField(
        choices=DECISIONS,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Select whether to import only the valid rows or cancel the import",
            "invalid_choice": "Select whether to import only the valid rows or cancel the import",
        },
    )

    @property
    def import_valid_rows(self) -> bool:
        return bool(self.cleaned_data["decision"] == "import_valid")
