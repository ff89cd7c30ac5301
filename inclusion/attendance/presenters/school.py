"""Display of the school's codes and a pupil's attendance (no queries)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from inclusion.attendance.measures import (
    CodeBook,
    Measures,
    SessionRecord,
    school_register_code,
)
from inclusion.attendance.models import Session
from inclusion.core.spreadsheets import spreadsheet_safe
from inclusion.placements.models import Placement

CSV_HEADER = (
    "Date",
    "Session",
    "UPN",
    "Pupil",
    "Provider",
    "Provider code",
    "Code for the school register",
)

SESSION_LABELS = dict(Session.choices)


@dataclass(frozen=True)
class CodeRow:
    date: dt.date
    session: str
    upn: str
    pupil: str
    pupil_pk: object
    provider: str
    provider_code: str
    provider_meaning: str
    school_code: str
    school_label: str


def code_rows(
    placements: list[Placement], records: list[SessionRecord], codes: CodeBook
) -> list[CodeRow]:
    """A row per pupil and session, pupils in name order, then by date and session."""
    by_pk: dict[object, Placement] = {p.pk: p for p in placements}
    order: dict[object, int] = {p.pk: index for index, p in enumerate(placements)}
    rows = []
    for record in sorted(records, key=lambda r: (order[r.placement_id], r.date, r.session)):
        placement = by_pk[record.placement_id]
        rule = codes.on(record.code, record.date) if record.code else None
        entered = school_register_code(record.code, rule, dual_registered=placement.dual_registered)
        rows.append(
            CodeRow(
                date=record.date,
                session=SESSION_LABELS.get(record.session, record.session),
                upn=placement.pupil.upn,
                pupil=placement.pupil.display_name,
                pupil_pk=placement.pupil_id,
                provider=placement.site.provider.name,
                provider_code=record.code or "",
                provider_meaning=rule.meaning if rule else "",
                school_code=entered.code,
                school_label=entered.label,
            )
        )
    return rows


def csv_rows(rows: list[CodeRow]) -> list[list[str]]:
    out = [list(CSV_HEADER)]
    for row in rows:
        cells = [
            row.date.isoformat(),
            row.session,
            row.upn,
            row.pupil,
            row.provider,
            row.provider_code,
            row.school_code or row.school_label,
        ]
        out.append([spreadsheet_safe(cell) for cell in cells])
    return out


def percent(value: Decimal | None) -> str:
    return "No possible sessions" if value is None else f"{value}%"


@dataclass(frozen=True)
class MeasureSummary:
    heading: str
    period: str
    percentage: str
    possible: int
    attended: int
    authorised: int
    unauthorised: int
    not_marked: int
    not_possible: int
    flags: list[str]


def summary(heading: str, first: dt.date, last: dt.date, measures: Measures) -> MeasureSummary:
    flags = []
    if measures.severe_absence:
        flags.append("Severe absence (50% or more of possible sessions missed)")
    elif measures.persistent_absence:
        flags.append("Persistent absence (10% or more of possible sessions missed)")
    if measures.unauthorised_flag:
        flags.append("10 or more unauthorised absences in the last 10 school weeks")
    return MeasureSummary(
        heading=heading,
        period=f"{_day(first)} to {_day(last)}",
        percentage=percent(measures.percentage),
        possible=measures.possible,
        attended=measures.attended,
        authorised=measures.authorised,
        unauthorised=measures.unauthorised,
        not_marked=measures.not_marked,
        not_possible=measures.not_possible,
        flags=flags,
    )


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class SessionRow:
    date: dt.date
    session: str
    provider: str
    code: str
    meaning: str


def session_rows(
    placements: list[Placement], records: list[SessionRecord], codes: CodeBook, today: dt.date
) -> list[SessionRow]:
    """The sessions newest first; a session not marked reads "Not marked" (past) or
    "Not yet marked" (today or later)."""
    providers: dict[object, str] = {p.pk: p.site.provider.name for p in placements}
    rows = []
    for record in sorted(records, key=lambda r: (r.date, r.session), reverse=True):
        rule = codes.on(record.code, record.date) if record.code else None
        if record.code:
            meaning = rule.meaning if rule else ""
        else:
            meaning = "Not marked" if record.date < today else "Not yet marked"
        rows.append(
            SessionRow(
                date=record.date,
                session=SESSION_LABELS.get(record.session, record.session),
                provider=providers.get(record.placement_id, ""),
                code=record.code or "",
                meaning=meaning,
            )
        )
    return rows
