"""School days: the one API every statutory clock in the service uses.

A school day is a Monday to Friday inside one of the local authority's terms that is not an English
bank holiday (``holidays.UK(subdiv="ENG")``, one-off bank holidays included) and not inside one of
its closures (half terms, INSET days, other closures).

Each module-level function loads the authority's terms and closures once (two queries) and answers
in memory: never a query per day. A page or job that does many sums gets :func:`calendar_for`
(or :func:`calendars_for` for several authorities) once and calls the same methods on the
:class:`SchoolCalendar`, which answers without any further query.

Nothing is cached between calls: term dates are read fresh, so a change an LA officer saves counts
at once in every process. Bank holidays (fixed by the pinned ``holidays`` package) are cached.

A question about a date in a school year (1 August to 31 July) for which the authority has no terms
recorded raises :class:`CalendarMissingError`: a clock never silently assumes there are no school
days. ``la`` is a :class:`~inclusion.organisations.models.LocalAuthority` or its primary key.
"""

from __future__ import annotations

import datetime as dt
import uuid
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from types import MappingProxyType

import holidays

from inclusion.calendar.models import Closure, Term
from inclusion.organisations.models import LocalAuthority

AuthorityRef = LocalAuthority | uuid.UUID | str
ONE_DAY = dt.timedelta(days=1)
DAYS_PER_SCHOOL_WEEK = 5
SCHOOL_YEAR_START_MONTH = 8  # a school year runs from 1 August to 31 July


class CalendarMissingError(LookupError):
    """No term dates are recorded for the school year a question needs.

    ``local_authority_id`` and ``academic_year`` (the year the school year starts in) say which;
    the message is fit to show an officer.
    """

    def __init__(
        self, *, local_authority_id: uuid.UUID, academic_year: int, name: str = ""
    ) -> None:
        self.local_authority_id = local_authority_id
        self.academic_year = academic_year
        who = name or f"local authority {local_authority_id}"
        super().__init__(
            f"No term dates are recorded for {who} for the {academic_year_label(academic_year)} "
            "school year. A local authority officer must add them to the school calendar before "
            "school days can be counted."
        )


def academic_year_of(day: dt.date) -> int:
    """The school year ``day`` falls in, named by the year it starts: 2026 for 2026 to 2027."""
    return day.year if day.month >= SCHOOL_YEAR_START_MONTH else day.year - 1


def academic_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """The first and last dates of a school year: 1 August to 31 July."""
    first = dt.date(year, SCHOOL_YEAR_START_MONTH, 1)
    return first, first.replace(year=year + 1) - ONE_DAY


def academic_year_label(year: int) -> str:
    return f"{year} to {year + 1}"


@lru_cache(maxsize=32)
def _bank_holidays_of(year: int) -> Mapping[dt.date, str]:
    # holidays.UK(subdiv="ENG"): the typed spelling of the same calendar. Read-only: it is shared.
    return MappingProxyType(dict(holidays.country_holidays("GB", subdiv="ENG", years=year)))


def bank_holidays_between(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """English bank holidays from ``first`` to ``last`` inclusive, with their names."""
    found: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        found |= {d: n for d, n in _bank_holidays_of(year).items() if first <= d <= last}
    return found


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The ``n``th working day after ``start`` (negative: before), ``start`` not counted.

    A working day is a Monday to Friday that is not an English bank holiday (Christmas Day and Good
    Friday included), whether or not schools are open: the day a posted notice is deemed given
    (the 2nd working day after posting) counts these, not school days. Needs no term dates.
    ``n == 0`` gives ``start`` if it is a working day, else the next one.
    """
    step = 1 if n >= 0 else -1
    day, remaining = start, abs(n)
    if n == 0:
        day, remaining = start - ONE_DAY, 1
    while remaining:
        day += dt.timedelta(days=step)
        if day.weekday() < DAYS_PER_SCHOOL_WEEK and day not in _bank_holidays_of(day.year):
            remaining -= 1
    return day


def _days(first: dt.date, last: dt.date) -> Iterable[dt.date]:
    for offset in range((last - first).days + 1):
        yield first + dt.timedelta(days=offset)


class SchoolCalendar:
    """One authority's school days, built once from its terms and closures.

    Every method answers in memory. Methods mirror the module-level functions without ``la``.
    """

    def __init__(
        self,
        *,
        local_authority_id: uuid.UUID,
        terms: Sequence[Term],
        closures: Sequence[Closure],
        name: str = "",
    ) -> None:
        self.local_authority_id = local_authority_id
        self.name = name
        self.terms: tuple[Term, ...] = tuple(sorted(terms, key=lambda t: t.starts_on))
        self.closures: tuple[Closure, ...] = tuple(sorted(closures, key=lambda c: c.starts_on))
        self.academic_years: frozenset[int] = frozenset(t.academic_year for t in self.terms)
        self._term_starts = [term.starts_on for term in self.terms]
        # Weekday bank holidays inside a term and outside its closures, with their names.
        self.bank_holidays_in_term: dict[dt.date, str] = {}
        self._school_days = self._build()
        self._school_day_set = frozenset(self._school_days)

    def _build(self) -> list[dt.date]:
        closed = {day for c in self.closures for day in _days(c.starts_on, c.ends_on)}
        school_days: list[dt.date] = []
        for term in self.terms:
            bank = bank_holidays_between(term.starts_on, term.ends_on)
            for day in _days(term.starts_on, term.ends_on):
                if day.weekday() >= DAYS_PER_SCHOOL_WEEK:
                    continue
                if day in closed:
                    continue
                if day in bank:
                    self.bank_holidays_in_term[day] = bank[day]
                else:
                    school_days.append(day)
        return school_days

    # Coverage: never answer about a school year with no terms recorded.

    def _missing(self, year: int) -> CalendarMissingError:
        return CalendarMissingError(
            local_authority_id=self.local_authority_id, academic_year=year, name=self.name
        )

    def _require(self, first: dt.date, last: dt.date) -> None:
        for year in range(academic_year_of(first), academic_year_of(last) + 1):
            if year not in self.academic_years:
                raise self._missing(year)

    def _first_missing(self, day: dt.date, step: int) -> CalendarMissingError:
        year = academic_year_of(day)
        while year in self.academic_years:
            year += step
        return self._missing(year)

    # The questions.

    def is_school_day(self, day: dt.date) -> bool:
        self._require(day, day)
        return day in self._school_day_set

    def add_school_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``th school day after ``start`` (``start`` itself not counted).

        ``n == 0``: ``start`` if it is a school day, else the next school day. ``n < 0``: the
        ``-n``th school day before ``start``.
        """
        days = self._school_days
        if n > 0:
            anchor, index = start + ONE_DAY, bisect_right(days, start) + n - 1
        elif n == 0:
            anchor, index = start, bisect_left(days, start)
        else:
            anchor, index = start - ONE_DAY, bisect_left(days, start) + n
        self._require(anchor, anchor)
        if index >= len(days):
            raise self._first_missing(anchor, +1)
        if index < 0:
            raise self._first_missing(anchor, -1)
        found = days[index]
        self._require(min(anchor, found), max(anchor, found))
        return found

    def next_school_day(self, day: dt.date) -> dt.date:
        """The first school day after ``day`` (never ``day`` itself)."""
        return self.add_school_days(day, 1)

    def school_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many school days d there are with ``start < d <= end`` (negative if end < start)."""
        if end < start:
            return -self.school_days_between(end, start)
        if end == start:
            return 0
        self._require(start + ONE_DAY, end)
        days = self._school_days
        return bisect_right(days, end) - bisect_right(days, start)

    def school_days_in(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """The school days from ``first`` to ``last``, both included, in order."""
        if last < first:
            return []
        self._require(first, last)
        days = self._school_days
        return days[bisect_left(days, first) : bisect_right(days, last)]

    def school_weeks_after(self, start: dt.date, weeks: int) -> dt.date:
        """``weeks`` school weeks after ``start``: 5 school days a week."""
        return self.add_school_days(start, DAYS_PER_SCHOOL_WEEK * weeks)

    def term_containing(self, day: dt.date) -> Term | None:
        """The term ``day`` falls in (weekends, bank holidays and closures included), if any."""
        self._require(day, day)
        index = bisect_right(self._term_starts, day) - 1
        if index >= 0 and self.terms[index].ends_on >= day:
            return self.terms[index]
        return None

    def terms_between(self, start: dt.date, end: dt.date) -> list[Term]:
        """The terms that overlap ``start`` to ``end`` (both included), in order."""
        if end < start:
            return []
        self._require(start, end)
        return [t for t in self.terms if t.starts_on <= end and t.ends_on >= start]

    def term_school_days(self, term: Term) -> int:
        """How many school days a recorded term has."""
        days = self._school_days
        return bisect_right(days, term.ends_on) - bisect_left(days, term.starts_on)

    def half_terms(self, term: Term) -> list[tuple[dt.date, dt.date]]:
        """A recorded term split at its half-term closures: (first, last) of each half, in order.

        The closures themselves belong to neither half. A term without a half-term closure is
        one "half" from its first day to its last.
        """
        halves: list[tuple[dt.date, dt.date]] = []
        first = term.starts_on
        for closure in self.closures:
            if closure.kind != Closure.Kind.HALF_TERM:
                continue
            if closure.ends_on < term.starts_on or closure.starts_on > term.ends_on:
                continue
            if closure.starts_on > first:
                halves.append((first, closure.starts_on - ONE_DAY))
            first = max(first, closure.ends_on + ONE_DAY)
        if first <= term.ends_on:
            halves.append((first, term.ends_on))
        return halves

    def half_term_containing(self, day: dt.date) -> tuple[dt.date, dt.date] | None:
        """The half term ``day`` falls in, as (first, last): its term split at its half-term
        closure. ``None`` in the holidays between terms and during the half-term closure."""
        term = self.term_containing(day)
        if term is None:
            return None
        return next((half for half in self.half_terms(term) if half[0] <= day <= half[1]), None)


def _authority_id(la: AuthorityRef) -> uuid.UUID:
    if isinstance(la, LocalAuthority):
        return la.pk
    return la if isinstance(la, uuid.UUID) else uuid.UUID(la)


def calendars_for(authorities: Iterable[AuthorityRef]) -> dict[uuid.UUID, SchoolCalendar]:
    """The school calendars of several authorities, keyed by primary key, in two queries."""
    wanted = list(authorities)
    ids = {_authority_id(la) for la in wanted}
    names = {la.pk: la.name for la in wanted if isinstance(la, LocalAuthority)}
    terms: dict[uuid.UUID, list[Term]] = {pk: [] for pk in ids}
    closures: dict[uuid.UUID, list[Closure]] = {pk: [] for pk in ids}
    for term in Term.objects.filter(local_authority_id__in=ids).order_by("starts_on"):
        terms[term.local_authority_id].append(term)
    for closure in Closure.objects.filter(local_authority_id__in=ids).order_by("starts_on"):
        closures[closure.local_authority_id].append(closure)
    return {
        pk: SchoolCalendar(
            local_authority_id=pk, terms=terms[pk], closures=closures[pk], name=names.get(pk, "")
        )
        for pk in ids
    }


def calendar_for(la: AuthorityRef) -> SchoolCalendar:
    """One authority's school calendar (two queries); ask it as many questions as you like."""
    return calendars_for([la])[_authority_id(la)]


def is_school_day(la: AuthorityRef, day: dt.date) -> bool:
    return calendar_for(la).is_school_day(day)


def add_school_days(la: AuthorityRef, start: dt.date, n: int) -> dt.date:
    """The ``n``th school day after ``start``, ``start`` not counted (see
    :meth:`SchoolCalendar.add_school_days`)."""
    return calendar_for(la).add_school_days(start, n)


def school_days_between(la: AuthorityRef, start: dt.date, end: dt.date) -> int:
    """School days d with ``start < d <= end``."""
    return calendar_for(la).school_days_between(start, end)


def school_days_in(la: AuthorityRef, first: dt.date, last: dt.date) -> list[dt.date]:
    return calendar_for(la).school_days_in(first, last)


def next_school_day(la: AuthorityRef, day: dt.date) -> dt.date:
    return calendar_for(la).next_school_day(day)


def term_containing(la: AuthorityRef, day: dt.date) -> Term | None:
    return calendar_for(la).term_containing(day)


def terms_between(la: AuthorityRef, start: dt.date, end: dt.date) -> list[Term]:
    return calendar_for(la).terms_between(start, end)


def school_weeks_after(la: AuthorityRef, start: dt.date, weeks: int) -> dt.date:
    return calendar_for(la).school_weeks_after(start, weeks)


def half_term_containing(la: AuthorityRef, day: dt.date) -> tuple[dt.date, dt.date] | None:
    """The half term ``day`` falls in (see :meth:`SchoolCalendar.half_term_containing`)."""
    return calendar_for(la).half_term_containing(day)
