"""The upload form for marks from a spreadsheet: the CSV file and the reason for changing marks
for past days.

The form reads the file as a whole (a size limit, a text file by its content, UTF-8 with or
without a byte-order mark or else Windows-1252, the columns matched by name) into
:class:`~inclusion.attendance.services.imports.ImportRow` rows. Whether the marks may be saved
is the service's question.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.conf import settings

from inclusion.attendance.services.imports import (
    CODE,
    DATE,
    MINUTES_LATE,
    PLACEMENT,
    REQUIRED_COLUMNS,
    SESSION,
    ImportRow,
)
from inclusion.core.csv_uploads import NOT_A_CSV, check_csv_upload, csv_file_field, size_text
from inclusion.core.forms import GovukForm
from inclusion.providers.gias import sniff_encoding

MAX_ROWS = 5000

UNREADABLE = "The selected file could not be read: save it as a CSV file (UTF-8) and try again"
NO_MARKS = "The selected file has no marks in it: enter a code for each session you mark"
TOO_MANY_ROWS = (
    f"The selected file must have no more than {MAX_ROWS:,} rows of marks: split it into "
    "smaller files"
)
FIRST_ROW = 2  # the header is row 1, as a spreadsheet numbers it


def column_name(heading: str) -> str:
    """The column a heading names: "Minutes late" and "minutes-late" are ``minutes_late``."""
    return "_".join(heading.strip().lstrip("\ufeff").lower().replace("-", " ").split())


def _quoted(names: list[str]) -> str:
    quoted = [f"“{name}”" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def read_rows(text: str) -> list[ImportRow]:
    """The rows of the file that hold a code or minutes late; a ``ValidationError`` when the
    file as a whole cannot be used."""
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise forms.ValidationError(NOT_A_CSV) from None
    if not lines:
        raise forms.ValidationError("The selected file is empty")
    header = [column_name(heading) for heading in lines[0]]
    if missing := [name for name in REQUIRED_COLUMNS if name not in header]:
        noun = "column" if len(missing) == 1 else "columns"
        raise forms.ValidationError(
            f"The file must have the {noun} {_quoted(missing)}: use the template's first row"
        )
    at = {name: header.index(name) for name in (*REQUIRED_COLUMNS, MINUTES_LATE) if name in header}

    def cell(values: list[str], name: str) -> str:
        index = at.get(name)
        return values[index].strip() if index is not None and index < len(values) else ""

    rows = [
        ImportRow(
            number=number,
            placement=cell(values, PLACEMENT),
            date=cell(values, DATE),
            session=cell(values, SESSION),
            code=cell(values, CODE),
            minutes_late=cell(values, MINUTES_LATE),
        )
        for number, values in enumerate(lines[1:], start=FIRST_ROW)
    ]
    marked = [row for row in rows if row.code or row.minutes_late]
    if not marked:
        raise forms.ValidationError(NO_MARKS)
    if len(marked) > MAX_ROWS:
        raise forms.ValidationError(TOO_MANY_ROWS)
    return marked


class MarksImportForm(GovukForm):
    file = csv_file_field("Upload the spreadsheet", noun="the CSV file of marks")
    changed_reason = forms.CharField(
        label="Why are you changing marks for days before today? (if you are)",
        help_text="Needed only when the file changes a mark already recorded for a past day. "
        "Do not include names.",
        required=False,
        max_length=200,
        error_messages={"max_length": "The reason must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[ImportRow] = []
        self.fields["file"].help_text = (
            f"A CSV file, smaller than {size_text(self.max_bytes)}. In Excel, use File, "
            "Save as, and choose “CSV UTF-8”."
        )

    @property
    def max_bytes(self) -> int:
        return int(settings.ATTENDANCE_IMPORT_MAX_BYTES)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        check_csv_upload(upload, self.max_bytes)
        encoding = sniff_encoding(upload)
        try:
            text = upload.read().decode(encoding)
        except UnicodeDecodeError:
            raise forms.ValidationError(UNREADABLE) from None
        self.rows = read_rows(text)
        return upload

    def refuse(self, *, rows_with_errors: int, reason: str) -> None:
        """Errors the service found: a count of the rows (the table lists them) and a missing
        reason."""
        if rows_with_errors:
            noun = "row" if rows_with_errors == 1 else "rows"
            self.add_error(
                "file",
                f"The file has errors in {rows_with_errors} {noun}: correct "
                f"{'it' if rows_with_errors == 1 else 'them'} and upload the file again",
            )
        if reason:
            self.add_error("changed_reason", reason)
