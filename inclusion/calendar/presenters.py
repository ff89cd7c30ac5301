"""What the calendar pages show: one school year of an authority's terms and closures, with the
school days each term holds (display only; the arithmetic is in :mod:`inclusion.calendar.days`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from inclusion.calendar.days import (
    DAYS_PER_SCHOOL_WEEK,
    SchoolCalendar,
    academic_year_label,
    bank_holidays_between,
)
from inclusion.calendar.models import Closure, Term

FIRST_YEAR, LAST_YEAR = 2000, 2100
# A school year in England has 190 days with pupils (195 with INSET days): far fewer suggests
# a term is missing or mistyped.
USUAL_SCHOOL_DAYS = 190
FEWEST_PLAUSIBLE_SCHOOL_DAYS = 180


@dataclass(frozen=True)
class TermRow:
    term: Term
    school_days: int


@dataclass(frozen=True)
class ClosureRow:
    closure: Closure
    weekdays: int  # school days it takes out of its term (weekdays that are not bank holidays)


@dataclass(frozen=True)
class BankHoliday:
    day: dt.date
    name: str


@dataclass(frozen=True)
class YearView:
    year: int
    label: str
    terms: list[TermRow]
    closures: list[ClosureRow]
    bank_holidays: list[BankHoliday]
    school_days: int
    previous_year: int | None
    next_year: int | None

    usual_school_days = USUAL_SCHOOL_DAYS

    @property
    def looks_short(self) -> bool:
        return bool(self.terms) and self.school_days < FEWEST_PLAUSIBLE_SCHOOL_DAYS


def is_plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _weekdays_lost(closure: Closure) -> int:
    bank = bank_holidays_between(closure.starts_on, closure.ends_on)
    span = (closure.ends_on - closure.starts_on).days + 1
    days = (closure.starts_on + dt.timedelta(days=offset) for offset in range(span))
    return sum(1 for day in days if day.weekday() < DAYS_PER_SCHOOL_WEEK and day not in bank)


def year_view(calendar: SchoolCalendar, year: int) -> YearView:
    terms = [term for term in calendar.terms if term.academic_year == year]
    rows = [TermRow(term, calendar.term_school_days(term)) for term in terms]
    closures = [
        ClosureRow(closure, _weekdays_lost(closure))
        for closure in calendar.closures
        if any(t.starts_on <= closure.starts_on <= t.ends_on for t in terms)
    ]
    bank = [
        BankHoliday(day, name)
        for day, name in sorted(calendar.bank_holidays_in_term.items())
        if any(t.starts_on <= day <= t.ends_on for t in terms)
    ]
    return YearView(
        year=year,
        label=academic_year_label(year),
        terms=rows,
        closures=closures,
        bank_holidays=bank,
        school_days=sum(row.school_days for row in rows),
        previous_year=year - 1 if is_plausible_year(year - 1) else None,
        next_year=year + 1 if is_plausible_year(year + 1) else None,
    )
