"""Term and closure builders for the calendar tests, and a hand-made calendar for Rutland (which
has no seeded term dates) whose school days the tests work out by hand."""

from __future__ import annotations

import datetime as dt

from inclusion.calendar.models import Closure, Term
from inclusion.organisations.models import LocalAuthority

D = dt.date
HALF_TERM, INSET, OTHER = Closure.Kind.HALF_TERM, Closure.Kind.INSET, Closure.Kind.OTHER


def rutland() -> LocalAuthority:
    return LocalAuthority.objects.get(dfe_code="857")


def make_term(
    la: LocalAuthority, year: int, name: str, starts_on: dt.date, ends_on: dt.date
) -> Term:
    return Term.objects.create(
        local_authority=la, academic_year=year, name=name, starts_on=starts_on, ends_on=ends_on
    )


def make_closure(
    la: LocalAuthority, kind: str, name: str, starts_on: dt.date, ends_on: dt.date | None = None
) -> Closure:
    return Closure.objects.create(
        local_authority=la, kind=kind, name=name, starts_on=starts_on, ends_on=ends_on or starts_on
    )


def rutland_2025(la: LocalAuthority | None = None) -> LocalAuthority:
    """Rutland's 2025 to 2026 school year, as the tests use it.

    - Autumn term: Wednesday 3 September to Friday 19 December 2025; half term 27 to 31 October.
    - Spring term: Monday 5 January to Friday 27 March 2026; INSET day 5 January; half term 16 to
      20 February.
    - Summer term: Monday 13 April to Wednesday 22 July 2026; INSET day 13 April; the early May
      bank holiday (4 May) and the late May bank holiday (25 May) fall in term; half term 1 to 5
      June.
    """
    la = la or rutland()
    make_term(la, 2025, "Autumn term", D(2025, 9, 3), D(2025, 12, 19))
    make_term(la, 2025, "Spring term", D(2026, 1, 5), D(2026, 3, 27))
    make_term(la, 2025, "Summer term", D(2026, 4, 13), D(2026, 7, 22))
    make_closure(la, HALF_TERM, "October half term", D(2025, 10, 27), D(2025, 10, 31))
    make_closure(la, INSET, "INSET day", D(2026, 1, 5))
    make_closure(la, HALF_TERM, "February half term", D(2026, 2, 16), D(2026, 2, 20))
    make_closure(la, INSET, "INSET day", D(2026, 4, 13))
    make_closure(la, HALF_TERM, "June half term", D(2026, 6, 1), D(2026, 6, 5))
    return la
