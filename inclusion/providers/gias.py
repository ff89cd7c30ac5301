"""A reader of the "edubasealldata" CSV from Get Information About Schools (GIAS).

The file is published in Windows-1252, one row per establishment in England, with about 140
columns whose order and number change from year to year. So the reader goes by header name,
needs only the columns in ``REQUIRED_COLUMNS`` and ignores any it does not know. Dates are
``dd-mm-yyyy``.

It touches no database: it turns the file into :class:`Establishment` records for the
configured local authority's secondary schools and registered alternative provision, with
:class:`RowError` for rows it cannot read. Deciding what to write is
``providers.services.gias``'s job.

Row numbers count the header as row 1, so the first establishment is row 2 (as a spreadsheet
shows it).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from inclusion.organisations.postcodes import normalise

# Column names exactly as GIAS writes them.
URN = "URN"
LA_CODE = "LA (code)"
ESTABLISHMENT_NUMBER = "EstablishmentNumber"
NAME = "EstablishmentName"
TYPE = "TypeOfEstablishment (code)"
STATUS = "EstablishmentStatus (code)"
PHASE = "PhaseOfEducation (code)"
OPEN_DATE = "OpenDate"
CLOSE_DATE = "CloseDate"
LOW_AGE = "StatutoryLowAge"
HIGH_AGE = "StatutoryHighAge"
STREET = "Street"
LOCALITY = "Locality"
ADDRESS_3 = "Address3"
TOWN = "Town"
POSTCODE = "Postcode"
WEBSITE = "SchoolWebsite"
PHONE = "TelephoneNum"
UKPRN = "UKPRN"
LAST_INSPECTION = "OfstedLastInsp"
OFSTED_RATING = "OfstedRating (name)"
DISTRICT = "DistrictAdministrative (code)"
EASTING = "Easting"
NORTHING = "Northing"

REQUIRED_COLUMNS = (URN, LA_CODE, ESTABLISHMENT_NUMBER, NAME, TYPE, STATUS, PHASE)
DATE_COLUMNS = (OPEN_DATE, CLOSE_DATE, LAST_INSPECTION)

# TypeOfEstablishment (code): registered alternative provision.
PUPIL_REFERRAL_UNIT = "14"
AP_FREE_SCHOOL = "38"
AP_ACADEMY_CONVERTER = "42"
AP_ACADEMY_SPONSOR_LED = "43"
AP_TYPES = frozenset(
    {PUPIL_REFERRAL_UNIT, AP_FREE_SCHOOL, AP_ACADEMY_CONVERTER, AP_ACADEMY_SPONSOR_LED}
)
# Types that are secondary whatever phase they give: city technology college, university
# technical college, studio school.
SECONDARY_TYPES = frozenset({"6", "40", "41"})
# PhaseOfEducation (code): 4 secondary, 5 middle deemed secondary, 7 all-through.
SECONDARY_PHASES = frozenset({"4", "5"})
ALL_THROUGH_PHASE = "7"
PHASE_CODES = frozenset("01234567")
# EstablishmentStatus (code): 1 open, 2 closed, 3 open but proposed to close, 4 proposed to open.
OPEN_STATUSES = frozenset({"1", "3"})
STATUS_CODES = frozenset({"1", "2", "3", "4"})

NAME_MAX = 160
PROGRESS_EVERY = 500

URN_RE = re.compile(r"^\d{6}$")
LA_CODE_RE = re.compile(r"^\d{3}$")
ESTABLISHMENT_NUMBER_RE = re.compile(r"^\d{4}$")
CODE_RE = re.compile(r"^\d{1,3}$")
DATE_RE = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")
UKPRN_RE = re.compile(r"^1\d{7}$")
GSS_RE = re.compile(r"^[EW]\d{8}$")
PHONE_RE = re.compile(r"^[0-9 +()]{6,20}$")

MESSAGES = {
    URN: "Enter a URN of 6 digits, like 120345",
    LA_CODE: "Enter an LA code of 3 digits, like 855",
    ESTABLISHMENT_NUMBER: "Enter an establishment number of 4 digits, like 4001",
    TYPE: "Enter a type of establishment code, like 34",
    STATUS: "Enter an establishment status code from 1 to 4",
    PHASE: "Enter a phase of education code from 0 to 7",
    "date": "Enter a date as dd-mm-yyyy, like 01-09-2015",
    "real date": "Enter a real date, like 01-09-2015",
    "name": "Enter the establishment's name",
    "name long": f"Enter an establishment name of {NAME_MAX} characters or fewer",
}

Progress = Callable[[int, int], None]


class Kind(StrEnum):
    SCHOOL = "school"
    PROVIDER = "provider"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column {self.column}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass(frozen=True)
class Establishment:
    """One in-scope row of the file, cleaned. Optional values the file leaves blank (or gives
    in a shape we cannot use, such as a malformed website) are empty or ``None``."""

    row: int
    kind: Kind
    urn: str
    la_code: str
    establishment_number: str
    name: str
    type_code: str
    phase_code: str
    is_open: bool
    low_age: int | None = None
    high_age: int | None = None
    street: str = ""
    locality: str = ""
    address_3: str = ""
    town: str = ""
    postcode: str = ""
    website: str = ""
    phone: str = ""
    ukprn: str = ""
    last_inspection_date: dt.date | None = None
    last_inspection_outcome: str = ""
    district_code: str = ""
    easting: int | None = None
    northing: int | None = None

    @property
    def laestab(self) -> str:
        return f"{self.la_code}{self.establishment_number}"

    @property
    def is_all_through(self) -> bool:
        return self.phase_code == ALL_THROUGH_PHASE


@dataclass
class ReadResult:
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    establishments: list[Establishment] = field(default_factory=list)
    total_rows: int = 0
    skipped: int = 0


class FileReadError(Exception):
    """The file as a whole cannot be read (wrong encoding, not a CSV, missing columns)."""


def sniff_encoding(stream: BinaryIO) -> str:
    """``cp1252`` (what GIAS publishes) unless the file is clearly UTF-8: it starts with a
    byte-order mark, or all of it decodes as UTF-8 and some of it is not ASCII (a file saved
    again from a spreadsheet). A Windows-1252 file with a curly apostrophe is never valid
    UTF-8, so the two cannot be confused."""
    stream.seek(0)
    if stream.read(3) == codecs.BOM_UTF8:
        stream.seek(0)
        return "utf-8-sig"
    stream.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    non_ascii = False
    try:
        while chunk := stream.read(1 << 20):
            non_ascii = non_ascii or not chunk.isascii()
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        stream.seek(0)
    return "utf-8" if non_ascii else "cp1252"


@contextmanager
def _rows(stream: BinaryIO, encoding: str) -> Iterator[csv.DictReader[str]]:
    stream.seek(0)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        reader = csv.DictReader(text, restval="")
        try:
            header = reader.fieldnames
        except UnicodeDecodeError as error:
            raise FileReadError(ENCODING_PROBLEM) from error
        if not header:
            raise FileReadError("The selected file is empty")
        reader.fieldnames = [name.strip() for name in header]
        yield reader
    except UnicodeDecodeError as error:
        raise FileReadError(ENCODING_PROBLEM) from error
    except csv.Error as error:
        raise FileReadError(f"The file must be a CSV file: {error}") from error
    finally:
        text.detach()


ENCODING_PROBLEM = (
    "The file must be the CSV file from Get Information About Schools, "
    "in Windows-1252 or UTF-8: some of it could not be read"
)


def _quoted(names: list[str]) -> str:
    quoted = [f"“{name}”" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def missing_columns_message(missing: list[str]) -> str:
    noun = "column" if len(missing) == 1 else "columns"
    return (
        f"The file is missing the {noun} {_quoted(missing)}. Use the “edubasealldata” "
        "file from Get Information About Schools, with all its columns"
    )


def count_rows(stream: BinaryIO, encoding: str) -> int:
    with _rows(stream, encoding) as reader:
        return sum(1 for _ in reader)


def read_gias(stream: BinaryIO, *, la_code: str, progress: Progress | None = None) -> ReadResult:
    """Read the whole file; ``progress(done, total)`` is called every ``PROGRESS_EVERY`` rows
    and at the end."""
    result = ReadResult()
    try:
        encoding = sniff_encoding(stream)
        result.total_rows = count_rows(stream, encoding)
        with _rows(stream, encoding) as reader:
            missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or ())]
            if missing:
                result.file_errors.append(missing_columns_message(missing))
                return result
            _read_rows(reader, la_code=la_code, result=result, progress=progress)
    except FileReadError as problem:
        result.file_errors.append(str(problem))
        result.establishments.clear()
    return result


def _read_rows(
    reader: csv.DictReader[str], *, la_code: str, result: ReadResult, progress: Progress | None
) -> None:
    first_row_of: dict[str, int] = {}
    done = 0
    for done, row in enumerate(reader, start=1):
        number = done + 1  # the header is row 1
        parsed = RowReader(row, number).read(la_code)
        if parsed is None:
            result.skipped += 1
        elif isinstance(parsed, Establishment):
            if parsed.urn in first_row_of:
                message = f"URN {parsed.urn} is also in row {first_row_of[parsed.urn]}"
                result.row_errors.append(RowError(number, URN, message))
            else:
                first_row_of[parsed.urn] = number
                result.establishments.append(parsed)
        else:
            result.row_errors.extend(parsed)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done, result.total_rows)
    if progress is not None:
        progress(done, result.total_rows)


def kind_of(type_code: str, phase_code: str) -> Kind | None:
    """Registered AP whatever its phase; otherwise a school if it is secondary."""
    if type_code in AP_TYPES:
        return Kind.PROVIDER
    if phase_code in SECONDARY_PHASES or phase_code == ALL_THROUGH_PHASE:
        return Kind.SCHOOL
    if type_code in SECONDARY_TYPES:
        return Kind.SCHOOL
    return None


class RowReader:
    """Validate and clean one row. ``read`` answers ``None`` for a row out of scope, the
    row's errors, or the establishment."""

    def __init__(self, row: dict[str, str], number: int) -> None:
        self.row = row
        self.number = number
        self.errors: list[RowError] = []

    def value(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, message))

    def matching(self, column: str, pattern: re.Pattern[str]) -> str:
        value = self.value(column)
        if not pattern.match(value):
            self.error(column, MESSAGES[column])
        return value

    def read(self, la_code: str) -> Establishment | list[RowError] | None:
        # Every row's identity is checked, so that a damaged file shows up whoever it is for.
        urn = self.matching(URN, URN_RE)
        la = self.matching(LA_CODE, LA_CODE_RE)
        if self.errors:
            return self.errors
        if la != la_code:
            return None
        type_code = self.matching(TYPE, CODE_RE)
        phase_code = self.value(PHASE) or "0"
        if phase_code not in PHASE_CODES:
            self.error(PHASE, MESSAGES[PHASE])
        if self.errors:
            return self.errors
        kind = kind_of(type_code, phase_code)
        if kind is None:
            return None
        establishment = self.establishment(urn, la, kind, type_code, phase_code)
        return self.errors or establishment

    def establishment(
        self, urn: str, la: str, kind: Kind, type_code: str, phase_code: str
    ) -> Establishment:
        status = self.value(STATUS)
        if status not in STATUS_CODES:
            self.error(STATUS, MESSAGES[STATUS])
        number = self.value(ESTABLISHMENT_NUMBER)
        if kind is Kind.SCHOOL and not ESTABLISHMENT_NUMBER_RE.match(number):
            self.error(ESTABLISHMENT_NUMBER, MESSAGES[ESTABLISHMENT_NUMBER])
        dates = {column: self.date(column) for column in DATE_COLUMNS}
        low, high = self.ages()
        return Establishment(
            row=self.number,
            kind=kind,
            urn=urn,
            la_code=la,
            establishment_number=number,
            name=self.name(),
            type_code=type_code,
            phase_code=phase_code,
            is_open=status in OPEN_STATUSES,
            low_age=low,
            high_age=high,
            street=self.value(STREET)[:120],
            locality=self.value(LOCALITY)[:120],
            address_3=self.value(ADDRESS_3)[:120],
            town=self.value(TOWN)[:80],
            postcode=self.postcode(),
            website=self.website(),
            phone=self.optional(PHONE, PHONE_RE),
            ukprn=self.optional(UKPRN, UKPRN_RE),
            last_inspection_date=dates[LAST_INSPECTION],
            last_inspection_outcome=self.value(OFSTED_RATING)[:80],
            district_code=self.optional(DISTRICT, GSS_RE),
            easting=self.whole_number(EASTING),
            northing=self.whole_number(NORTHING),
        )

    def name(self) -> str:
        name = " ".join(self.value(NAME).split())
        if not name:
            self.error(NAME, MESSAGES["name"])
        elif len(name) > NAME_MAX:
            self.error(NAME, MESSAGES["name long"])
        return name

    def date(self, column: str) -> dt.date | None:
        value = self.value(column)
        if not value:
            return None
        match = DATE_RE.match(value)
        if match is None:
            self.error(column, MESSAGES["date"])
            return None
        day, month, year = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            self.error(column, MESSAGES["real date"])
            return None

    def ages(self) -> tuple[int | None, int | None]:
        low, high = self.whole_number(LOW_AGE), self.whole_number(HIGH_AGE)
        if low is None or high is None or low > high or high > 25:
            return None, None
        return low, high

    def whole_number(self, column: str) -> int | None:
        value = self.value(column)
        return int(value) if value.isdigit() and len(value) <= 7 else None

    def optional(self, column: str, pattern: re.Pattern[str]) -> str:
        value = self.value(column)
        return value if pattern.match(value) else ""

    def postcode(self) -> str:
        value = self.value(POSTCODE)
        return normalise(value) or value.upper()[:8]

    def website(self) -> str:
        value = self.value(WEBSITE)
        if not value:
            return ""
        if "://" not in value:
            value = f"http://{value}"
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            return ""
        return value if len(value) <= 200 else ""
