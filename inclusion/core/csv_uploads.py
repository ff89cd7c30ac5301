"""Checks on an uploaded CSV file (ADR 0007), shared by every import: a size limit, a ``.csv``
name, and content that is text (not a spreadsheet, PDF or image renamed ``.csv``). Forms call
:func:`check_csv_upload` and show its refusal as the field's GOV.UK error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import filetype
from django import forms

NOT_A_CSV = "The selected file must be a CSV"
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


def check_csv_upload(upload: Any, max_bytes: int) -> None:
    """Refuse (``ValidationError``) a file too large, not named ``.csv`` or not text."""
    if upload.size > max_bytes:
        raise forms.ValidationError(
            f"The selected file must be smaller than {size_text(max_bytes)}"
        )
    if Path(upload.name or "").suffix.lower() != ".csv":
        raise forms.ValidationError(NOT_A_CSV)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    if not looks_like_text(head):
        raise forms.ValidationError(NOT_A_CSV)


def csv_file_field(label: str, *, noun: str) -> forms.FileField:
    """A file input for a CSV, with GOV.UK messages naming ``noun`` ("the GIAS CSV file")."""
    return forms.FileField(
        label=label,
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": f"Select {noun}",
            "empty": "The selected file is empty",
            "invalid": "The selected file could not be uploaded \N{EN DASH} try again",
            "missing": f"Select {noun}",
        },
    )
