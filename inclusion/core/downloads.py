"""Files the service hands over (CSV, XLSX, PDF, JSON): always as an attachment, and never kept
in a shared cache, as most hold pupils' details."""

from __future__ import annotations

from django.http import HttpResponse


def attachment(content_type: str, filename: str, content: bytes | str = b"") -> HttpResponse:
    """A download of ``content`` (more may be written to the response) named ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
