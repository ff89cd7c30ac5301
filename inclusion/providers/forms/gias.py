"""Forms for the GIAS import: the upload, and the decision after a check found errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from inclusion.core.csv_uploads import check_csv_upload, csv_file_field, size_text
from inclusion.core.forms import GovukForm

DECISIONS = [("import_valid", "Import only the valid rows"), ("cancel", "Cancel the import")]


class GiasUploadForm(GovukForm):
    file = csv_file_field("Upload the GIAS file", noun="the GIAS CSV file")

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
        check_csv_upload(upload, self.max_bytes)
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
