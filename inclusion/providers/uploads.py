"""Checks on uploaded files (ADR 0007): a size limit, and a type read from the content that the
file's extension must agree with. Forms call these and turn a refusal into a GOV.UK error.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

# Bytes read from the start of a file to identify it: what ``filetype`` itself reads.
SNIFF_BYTES = 8192
MAX_NAME_LENGTH = 200

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"

# The content types evidence may have, and the extensions each may be called by.
EVIDENCE_TYPES: dict[str, tuple[str, ...]] = {
    PDF: ("pdf",),
    PNG: ("png",),
    JPEG: ("jpg", "jpeg"),
    DOCX: ("docx",),
    XLSX: ("xlsx",),
    ODT: ("odt",),
}
# Zip-based formats: parts a genuine document holds. ``filetype`` tells a DOCX from an XLSX,
# a PPTX or a plain zip by its first entries; reading the zip's directory also refuses one
# that is truncated or corrupt.
ZIP_PARTS: dict[str, tuple[str, ...]] = {
    DOCX: ("[Content_Types].xml", "word/document.xml"),
    XLSX: ("[Content_Types].xml", "xl/workbook.xml"),
    ODT: ("mimetype", "content.xml"),
}
EVIDENCE_WRONG_TYPE = "The selected file must be a PDF, PNG, JPEG, DOCX, XLSX or ODT"
EMPTY_FILE = "The selected file is empty"


class UploadRefusedError(ValueError):
    """The upload breaks a rule; ``message`` is the GOV.UK error to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed the checks, with what to store about it."""

    file: UploadedFile[bytes]
    name: str  # the original name, made safe to show and to send in a download
    content_type: str
    extension: str
    size: int


def size_text(size: int) -> str:
    """10 MB, 500 KB: a size limit in words."""
    megabyte = 1024 * 1024
    if size >= megabyte:
        return f"{size / megabyte:g} MB"
    return f"{max(size // 1024, 1)} KB"


def too_large_message(max_bytes: int) -> str:
    return f"The selected file must be smaller than {size_text(max_bytes)}"


def safe_name(name: str) -> str:
    """The last part of a browser-given file name, without control or path characters, and
    short enough for the model's field; the extension is kept."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name
    base = unicodedata.normalize("NFC", base)
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = re.sub(r'[<>:"/\\|?*]+', "_", base)
    base = re.sub(r"\s+", " ", base).strip(" .")
    if len(base) > MAX_NAME_LENGTH:
        stem, ext = os.path.splitext(base)
        ext = ext if len(ext) <= 10 else ""
        base = stem[: MAX_NAME_LENGTH - len(ext)] + ext
    return base


def _extension(name: str) -> str:
    return PurePosixPath(name).suffix.lower().removeprefix(".")


def _head(upload: UploadedFile[bytes]) -> bytes:
    upload.seek(0)
    head = bytes(upload.read(SNIFF_BYTES))
    upload.seek(0)
    return head


def _is_genuine_zip_document(upload: UploadedFile[bytes], content_type: str) -> bool:
    if upload.file is None:
        return False
    try:
        with zipfile.ZipFile(upload.file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return all(part in names for part in ZIP_PARTS[content_type])


def detect_type(
    upload: UploadedFile[bytes], *, allowed: dict[str, tuple[str, ...]], wrong_type: str
) -> tuple[str, str]:
    """(content type, extension) of ``upload`` when its content is one of ``allowed`` and its
    extension is one that type may have; otherwise ``UploadRefusedError(wrong_type)``."""
    kind = filetype.guess(_head(upload))
    extension = _extension(upload.name or "")
    if kind is None or kind.mime not in allowed or extension not in allowed[kind.mime]:
        raise UploadRefusedError(wrong_type)
    if kind.mime in ZIP_PARTS and not _is_genuine_zip_document(upload, kind.mime):
        raise UploadRefusedError(wrong_type)
    return kind.mime, extension


def check_upload(
    upload: UploadedFile[bytes],
    *,
    max_bytes: int,
    allowed: dict[str, tuple[str, ...]],
    wrong_type: str,
) -> CheckedUpload:
    """Refuse an empty or oversized upload, or one whose content or extension is not allowed."""
    size = int(upload.size or 0)
    if size == 0:
        raise UploadRefusedError(EMPTY_FILE)
    if size > max_bytes:
        raise UploadRefusedError(too_large_message(max_bytes))
    content_type, extension = detect_type(upload, allowed=allowed, wrong_type=wrong_type)
    name = safe_name(upload.name or "")
    if not name.lower().endswith(f".{extension}"):
        name = f"{name or 'evidence'}.{extension}"
    return CheckedUpload(upload, name, content_type, extension, size)


def check_evidence_upload(upload: UploadedFile[bytes]) -> CheckedUpload:
    """The rules for compliance evidence: ``EVIDENCE_MAX_BYTES`` and ``EVIDENCE_TYPES``."""
    return check_upload(
        upload,
        max_bytes=int(settings.EVIDENCE_MAX_BYTES),
        allowed=EVIDENCE_TYPES,
        wrong_type=EVIDENCE_WRONG_TYPE,
    )
