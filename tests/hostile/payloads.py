"""Hypothesis strategies that mix plausible values with hostile ones: very long strings, odd
Unicode, HTML and script carrying a marker, SQL fragments, impossible dates and numbers,
foreign ids and files that are random, mistyped, oversized or full of formula cells.

Every payload that could run as markup carries ``hx-<n>``, so :data:`UNESCAPED` finds it if a
page ever renders it raw."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from inclusion.attendance.services.imports import MINUTES_LATE
from inclusion.attendance.services.imports import REQUIRED_COLUMNS as ATTENDANCE_COLUMNS
from inclusion.providers.gias import REQUIRED_COLUMNS as GIAS_COLUMNS

# Markup that runs if a page shows it unescaped; found in any HTML response by UNESCAPED.
UNESCAPED = re.compile(
    r"<script>alert\(\"hx-"
    r"|<img src=x onerror=alert\(\"hx-"
    r"|<svg onload=alert\(\"hx-"
    r"|<iframe srcdoc=\"hx-"
    r"|href=[\"']?\s*javascript:",
    re.IGNORECASE,
)

OMIT = object()  # a field left out of the POST altogether


def markup(marker: int) -> list[str]:
    tag = f"hx-{marker}"
    return [
        f'<script>alert("{tag}")</script>',
        f'"><img src=x onerror=alert("{tag}")>',
        f'\'><svg onload=alert("{tag}")>',
        f'</textarea><script>alert("{tag}")</script>',
        f'<iframe srcdoc="{tag}"></iframe>',
        f'javascript:alert("{tag}")',
        f'Fictional note <script>alert("{tag}")</script> ends here',
    ]


SQL = [
    "'; DROP TABLE pupils_pupil; --",
    "' OR '1'='1",
    '" OR ""="',
    "1; SELECT pg_sleep(0); --",
    "Robert'); DELETE FROM accounts_user;--",
    "%",
    "_",
    "\\",
]

ODD_UNICODE = [
    "\u202eevil\u202c",  # right-to-left override
    "Zo\u200be\u200d",  # zero-width space and joiner
    "e\u0301\u0301\u0301\u0301",  # stacked combining marks
    "\U0001f469\u200d\U0001f467\u200d\U0001f466",  # emoji family (astral, ZWJ)
    "\U0001d54f\U0002a6a5",  # astral letters, no surrogates
    "nul\x00byte",
    "bell\x07back\x08esc\x1b[31m",
    "\ufeffbom",
    "\ufffd\uffff",
    "line\u2028sep\u2029para",
    "\r\n\r\n",
    "   ",
    "",
    "\uff21\uff22\uff23",  # full-width ABC
    "Ω≈ç√∫",
]

ODD_ALPHABET = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Z", "Cc", "Cf"),
)

NUMBERS = [
    "-1",
    "0",
    "-0",
    "1e308",
    "1e-308",
    "NaN",
    "Infinity",
    "-Infinity",
    "9" * 40,
    "-" + "9" * 40,
    "1.5",
    "0x1F",
    "1,000",
    "١٢",  # Arabic-Indic digits
    "2147483648",
    "9223372036854775808",
]

TIMES = ["09:00", "9am", "25:61", "99:99", "23:59:60", "-1:00", "12", "noon", "24:00"]

DATE_TRIPLES = [
    ("0", "0", "0"),
    ("31", "2", "2026"),
    ("29", "2", "2027"),
    ("1", "1", "0001"),
    ("1", "1", "1"),
    ("31", "12", "9999"),
    ("1", "1", "10000"),
    ("-1", "-1", "-1"),
    ("99999999999999999999", "1", "2026"),
    ("1", "99999999999999999999", "2026"),
    ("1", "1", "99999999999999999999"),
    ("one", "March", "twenty"),
    ("1.5", "2", "2026"),
    ("", "3", "2026"),
    ("", "", ""),
    (" 4 ", " 3 ", " 2026 "),
    ("\u0664", "\u0663", "\u0662\u0660\u0662\u0666"),  # Arabic-Indic digits
]


def hostile_text(marker: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(markup(marker)),
        st.sampled_from(SQL),
        st.sampled_from(ODD_UNICODE),
        st.text(ODD_ALPHABET, max_size=40),
        # Very long: 10k to 100k characters, plain or repeating a payload.
        st.integers(10_000, 100_000).map(lambda n: ("Lorem ipsum " * (n // 12 + 1))[:n]),
        st.integers(200, 2_000).map(lambda n: markup(marker)[0] * n),
    )


def plausible_text() -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            "Fictional text for a test",
            "Amara Osei",
            "test@example.org",
            "01455 000000",
            "LE10 1AA",
            "https://example.org/",
            "3",
            "10",
        ]
    )


def text_value(marker: int, *, default: str, numeric: bool, time: bool) -> st.SearchStrategy:
    parts = [st.just(default), plausible_text(), hostile_text(marker), st.just(OMIT)]
    if numeric:
        parts.append(st.sampled_from(NUMBERS))
        parts.append(st.integers(-(10**30), 10**30).map(str))
        parts.append(st.floats(allow_nan=True, allow_infinity=True).map(repr))
    if time:
        parts.append(st.sampled_from(TIMES))
    return st.one_of(parts)


def foreign_ids(extra: Sequence[str]) -> st.SearchStrategy[str]:
    """Values a chooser never offered: ids of records out of the user's reach, random UUIDs,
    integers and garbage."""
    return st.one_of(
        st.sampled_from(list(extra) or [str(uuid.UUID(int=0))]),
        st.uuids().map(str),
        st.integers(-(10**20), 10**20).map(str),
        st.sampled_from(["", "None", "null", "[]", "../", "%00", "0"]),
    )


def choice_value(options: Sequence[str], marker: int, foreign: Sequence[str]) -> st.SearchStrategy:
    offered = [o for o in options if o != ""] or [""]
    return st.one_of(
        st.sampled_from(offered),
        foreign_ids(foreign),
        hostile_text(marker),
        st.just(OMIT),
    )


def many_choices(options: Sequence[str], marker: int, foreign: Sequence[str]) -> st.SearchStrategy:
    offered = list(options) or ["on"]
    return st.one_of(
        st.lists(st.sampled_from(offered), unique=True, max_size=len(offered)),
        st.lists(st.one_of(st.sampled_from(offered), foreign_ids(foreign)), max_size=4),
        st.just(OMIT),
    )


def date_triple(marker: int) -> st.SearchStrategy[tuple[str, str, str] | object]:
    today = dt.date.today()
    plausible = st.integers(-400, 400).map(lambda days: today + dt.timedelta(days=days))
    return st.one_of(
        plausible.map(lambda d: (str(d.day), str(d.month), str(d.year))),
        st.sampled_from(DATE_TRIPLES),
        st.tuples(*(st.integers(-(10**12), 10**12).map(str) for _ in range(3))),
        st.tuples(*(hostile_text(marker) for _ in range(3))),
        st.just(OMIT),
    )


# --- files -------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n% fictional evidence\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ZIP = b"PK\x03\x04" + b"\x00" * 64
EXE = b"MZ\x90\x00" + b"\x00" * 64

FORMULAS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.org","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
]

# The columns a plausible file for each import has (by the form's URL name).
CSV_HEADERS: dict[str, tuple[str, ...]] = {
    "attendance:import": (*ATTENDANCE_COLUMNS, MINUTES_LATE),
    "providers:gias_upload": GIAS_COLUMNS,
}


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def hostile_file_names(marker: int) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            f'<script>alert("hx-{marker}")</script>.csv',
            f'"><img src=x onerror=alert("hx-{marker}")>.pdf',
            "../../../../etc/passwd.csv",
            "evidence\u202efdp.exe",
            "x" * 300 + ".pdf",
            "nul\x00.csv",
            ".csv",
            "no-extension",
            "CON.pdf",
        ]
    )


def file_value(url_name: str, marker: int, limit: int) -> st.SearchStrategy:
    header = list(CSV_HEADERS.get(url_name, ("name", "value")))
    cells = st.one_of(st.sampled_from(FORMULAS), hostile_text(marker), plausible_text())
    hostile_rows = st.lists(
        st.lists(cells, min_size=len(header), max_size=len(header)), min_size=1, max_size=5
    )
    csv_contents = st.one_of(
        hostile_rows.map(lambda rows: csv_bytes([header, *rows])),
        hostile_rows.map(lambda rows: csv_bytes([header, *rows], "utf-16")),
        hostile_rows.map(lambda rows: csv_bytes([header, *rows]) + b"\xff\xfe\xc3("),
        st.just(csv_bytes([header, ["x" * 50_000] * len(header)])),  # a huge row
        st.just(b"\x00" * 32 + csv_bytes([header])),
        st.just(csv_bytes([header]) + b'"unterminated,\n'),
        st.just(b""),
    )
    contents = st.one_of(
        csv_contents,
        st.binary(max_size=2048),
        st.sampled_from([PDF, PNG, ZIP, EXE]),
        # Just over the upload limit (the hostile conftest makes the limits small).
        st.just(csv_bytes([header]) + b"a,b\n" * (limit // 4 + 1)),
    )
    plain_names = ["upload.csv", "upload.CSV", "evidence.pdf", "photo.png", "sheet.xlsx"]
    names = st.one_of(st.sampled_from(plain_names), hostile_file_names(marker))
    files = st.builds(
        lambda name, data, kind: SimpleUploadedFile(name, data, content_type=kind),
        names,
        contents,
        st.sampled_from(["text/csv", "application/pdf", "application/octet-stream", ""]),
    )
    return st.one_of(files, st.just(OMIT))
