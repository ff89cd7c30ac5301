"""Every file upload (the attendance import, the GIAS upload, provider evidence) refuses a bad
file with a GOV.UK error on the file field and writes nothing (no row, no stored file), and a
CSV full of hostile cells never causes a 500 or comes back as markup.

The generic suite (test_every_form.py) also sends random files to these forms; it fails on a
file input of a page missing from ``IMPORT_PAGES``, so a new upload gets these checks too."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from tests.conftest import County
from tests.core.test_permission_matrix import MATRIX, _url
from tests.hostile.conftest import UPLOAD_LIMIT
from tests.hostile.discovery import Form, post_forms
from tests.hostile.exercise import IMPORT_PAGES, check_response, date_groups, refused, signed_in
from tests.hostile.payloads import CSV_HEADERS, EXE, FORMULAS, PDF, PNG, ZIP, csv_bytes, markup
from tests.hostile.snapshot import refusal_writes, snapshot

rng = random.Random(9)
RANDOM_BYTES = bytes(rng.randrange(256) for _ in range(2048))


def header(page_name: str) -> list[str]:
    return list(CSV_HEADERS.get(page_name, ("name", "value")))


def bad_files(page_name: str) -> dict[str, tuple[str, bytes]]:
    """Files every upload must refuse, each as (file name, content)."""
    head = header(page_name)
    over = csv_bytes([head]) + b"x" * UPLOAD_LIMIT
    files = {
        "empty": ("upload.csv", b""),
        "random bytes": ("upload.csv", RANDOM_BYTES),
        "a spreadsheet renamed": ("upload.csv", ZIP),
        "a program renamed": ("upload.pdf", EXE),
        "NUL bytes": ("upload.csv", csv_bytes([head]) + b"\x00\x00,\x00\n"),
        "no extension": ("upload", csv_bytes([head])),
        "over the size limit": ("upload.csv", over),
    }
    if page_name == "providers:evidence_add":
        files["over the size limit"] = ("upload.pdf", PDF + b"%" * UPLOAD_LIMIT)
        files["a CSV"] = ("upload.csv", csv_bytes([head, ["a", "b"]]))
    else:
        files["an image renamed"] = ("upload.csv", PNG)
        files["a PDF renamed"] = ("upload.csv", PDF)
        files["a CSV named .txt"] = ("upload.txt", csv_bytes([head]))
    if page_name == "attendance:import":
        # The attendance import reads the file as it is uploaded; the GIAS file is read by the
        # task worker (its findings are tested below), so it can only refuse at upload what
        # is plainly not a CSV.
        files["invalid UTF-8 without the columns"] = ("upload.csv", b"\xff\xfe\xfa\xc3(\x80,\n")
    return files


def hostile_files(page_name: str) -> dict[str, tuple[str, bytes]]:
    """Files with the right columns and hostile cells: refused or imported, never a 500."""
    head = header(page_name)
    width = len(head)
    cells = [*FORMULAS, *markup(4242), "'; DROP TABLE pupils_pupil; --", "\u202eevil"]
    rows = [[cells[(r + c) % len(cells)] for c in range(width)] for r in range(12)]
    return {
        "formula and markup cells": ("upload.csv", csv_bytes([head, *rows])),
        "Windows-1252": ("upload.csv", csv_bytes([head, ["Zoë", *["é"] * (width - 1)]], "cp1252")),
        "UTF-16": ("upload.csv", csv_bytes([head, *rows[:3]], "utf-16")),
        "a huge row": ("upload.csv", csv_bytes([head, ["9" * 1000] * width])),
        "ragged rows": ("upload.csv", csv_bytes([head, ["only one"], [*cells[:width], "extra"]])),
        "an unclosed quote": ("upload.csv", csv_bytes([head]) + b'"never closed,' + b"x" * 100),
        "a filename with markup": (f"{markup(4243)[0]}.csv", csv_bytes([head, rows[0]])),
        "invalid UTF-8 without the columns": ("upload.csv", b"\xff\xfe\xfa\xc3(\x80,\n"),
        "a PDF named with markup": (f"{markup(4244)[1]}.pdf", PDF),
    }


def upload_form(county: County, page_name: str) -> tuple[Any, Form]:
    client = signed_in(county, IMPORT_PAGES[page_name])
    url = _url(page_name, MATRIX[page_name], county)
    page = client.get(url)
    assert page.status_code == 200, (url, page.status_code)
    forms = [
        f
        for f in post_forms(url, page.content.decode())
        if any(field.kind == "file" for field in f.fields.values())
    ]
    assert len(forms) == 1, forms
    return client, forms[0]


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def filled_in(form: Form) -> dict[str, Any]:
    """The form's other fields filled in plausibly: an option chosen, dates today."""
    data: dict[str, Any] = dict(form.defaults())
    for field in form.fields.values():
        offered = [o for o in field.options if o]
        if field.kind in {"select", "radio"} and not data.get(field.name) and offered:
            data[field.name] = offered[0]
    today = timezone.localdate()
    for names in date_groups(form).values():
        data.update(zip(names, (str(today.day), str(today.month), str(today.year)), strict=True))
    return data


def post_file(client: Any, form: Form, name: str, content: bytes) -> Any:
    field = next(f.name for f in form.fields.values() if f.kind == "file")
    data = filled_in(form)
    data[field] = SimpleUploadedFile(name, content, content_type="text/csv")
    return client.post(form.action, data)


@pytest.mark.parametrize("page_name", sorted(IMPORT_PAGES))
def test_bad_files_are_refused_and_nothing_is_written(page_name, county):
    client, form = upload_form(county, page_name)
    for case, (name, content) in bad_files(page_name).items():
        with transaction.atomic():
            before, files_before, since = snapshot(), stored_files(), timezone.now()
            response = post_file(client, form, name, content)
            what = f"{page_name}: {case}"
            check_response(response, what)
            assert response.status_code == 400, (what, response.status_code)
            assert refused(response), what
            assert 'href="#id_file"' in response.content.decode(), f"{what}: no error on the file"
            assert not refusal_writes(before, snapshot(), since), what
            assert stored_files() == files_before, what
            transaction.set_rollback(True)


@pytest.mark.parametrize("page_name", sorted(IMPORT_PAGES))
def test_hostile_cells_never_cause_an_error_or_markup(page_name, county, run_worker_once):
    client, form = upload_form(county, page_name)
    for case, (name, content) in hostile_files(page_name).items():
        with transaction.atomic():
            before, since = snapshot(), timezone.now()
            response = post_file(client, form, name, content)
            what = f"{page_name}: {case}"
            check_response(response, what)
            if refused(response):
                assert not refusal_writes(before, snapshot(), since), what
            elif response.status_code == 302:
                check_response(client.get(response["Location"]), f"{what}, then")
                run_worker_once()  # an upload read in the background (GIAS) is read now
                check_response(client.get(response["Location"]), f"{what}, once read")
            transaction.set_rollback(True)
