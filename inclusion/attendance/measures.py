"""Attendance measures (issue 6, part 6) and the code a school enters (part 4): pure functions,
no queries. :mod:`inclusion.attendance.selectors.measures` loads what they need.

The unit is a *session record*: one session a pupil was expected at a placement (from the
timetable and the school calendar) or that the provider marked, with the provider's code if any.

- **Possible sessions**: the sessions whose code counts as a possible session
  (``AttendanceCode.counts_as_possible``). Codes that are not possible sessions (D, Q, X,
  Y1 to Y7, Z and #) are left out of every figure except ``not_possible``.
- **An unmarked expected session in the past** (before ``today``) counts as possible and NOT
  attended: the pupil was expected and nobody recorded that they came. It is neither an
  authorised nor an unauthorised absence; it is counted in ``not_marked``. Unmarked sessions
  today or later are not counted at all (the register may still be marked).
- **Attended**: the code counts as attendance (``/``, ``\\``, ``L``, and B, K, P, V, W).
- **Absence** = possible - attended (authorised + unauthorised + not marked).
- **Percentage** = attended / possible x 100, to one decimal place, rounded half up; none when
  there are no possible sessions.
- **Persistent absence**: absence is 10% or more of possible sessions; **severe absence**: 50%
  or more (the DfE thresholds).
- **Unauthorised sessions flag**: 10 or more unauthorised absence sessions in the last 10 school
  weeks (the 50 school days on the calendar up to the end of the period).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

PERSISTENT_ABSENCE = Decimal(10)
SEVERE_ABSENCE = Decimal(50)
UNAUTHORISED_SESSIONS = 10
UNAUTHORISED_WINDOW_SCHOOL_DAYS = 50  # 10 school weeks

AUTHORISED = "authorised_absence"
UNAUTHORISED = "unauthorised_absence"


@dataclass(frozen=True)
class CodeRule:
    """What a code means for the measures (a version of an ``AttendanceCode``)."""

    code: str
    meaning: str
    category: str
    counts_as_possible: bool
    counts_as_attendance: bool
    effective_from: dt.date


@dataclass(frozen=True)
class CodeBook:
    """Every version of every code; ``on(code, day)`` is the version in force that day."""

    versions: Mapping[str, Sequence[CodeRule]]

    @classmethod
    def of(cls, rules: Iterable[CodeRule]) -> CodeBook:
        found: dict[str, list[CodeRule]] = defaultdict(list)
        for rule in rules:
            found[rule.code].append(rule)
        return cls({c: sorted(v, key=lambda r: r.effective_from) for c, v in found.items()})

    def on(self, code: str, day: dt.date) -> CodeRule | None:
        versions = self.versions.get(code, ())
        current = [rule for rule in versions if rule.effective_from <= day]
        if current:
            return current[-1]
        return versions[0] if versions else None


@dataclass(frozen=True)
class SessionRecord:
    """One session of a placement: expected by the timetable, marked by the provider, or both."""

    date: dt.date
    session: str  # "am" or "pm"
    code: str | None  # the provider's code; None when not marked
    placement_id: uuid.UUID | None = None
    pupil_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None
    school_id: uuid.UUID | None = None
    partnership_id: uuid.UUID | None = None


@dataclass
class Measures:
    possible: int = 0
    attended: int = 0
    authorised: int = 0
    unauthorised: int = 0
    not_marked: int = 0  # past expected sessions with no mark (possible, not attended)
    not_possible: int = 0  # sessions marked with a code that is not a possible session
    unauthorised_recent: int = 0  # unauthorised absence sessions in the last 10 school weeks

    @property
    def absent(self) -> int:
        return self.possible - self.attended

    @property
    def percentage(self) -> Decimal | None:
        return _percent(self.attended, self.possible)

    @property
    def absence_percentage(self) -> Decimal | None:
        return _percent(self.absent, self.possible)

    @property
    def persistent_absence(self) -> bool:
        return (
            self.possible > 0 and Decimal(self.absent) * 100 >= PERSISTENT_ABSENCE * self.possible
        )

    @property
    def severe_absence(self) -> bool:
        return self.possible > 0 and Decimal(self.absent) * 100 >= SEVERE_ABSENCE * self.possible

    @property
    def unauthorised_flag(self) -> bool:
        return self.unauthorised_recent >= UNAUTHORISED_SESSIONS


def _percent(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Period:
    """The dates measured (both included), today, and the 10-school-week window's first day."""

    first: dt.date
    last: dt.date
    today: dt.date
    window_first: dt.date | None = None  # None: no unauthorised-sessions window


def measure(records: Iterable[SessionRecord], codes: CodeBook, period: Period) -> Measures:
    """The measures of ``records`` between ``period.first`` and ``period.last``."""
    result = Measures()
    window_last = min(period.last, period.today)
    for record in records:
        if not period.first <= record.date <= period.last:
            continue
        if record.code is None:
            if record.date < period.today:
                result.possible += 1
                result.not_marked += 1
            continue
        rule = codes.on(record.code, record.date)
        if rule is None or not rule.counts_as_possible:
            result.not_possible += 1
            continue
        result.possible += 1
        if rule.counts_as_attendance:
            result.attended += 1
        elif rule.category == AUTHORISED:
            result.authorised += 1
        elif rule.category == UNAUTHORISED:
            result.unauthorised += 1
            if period.window_first is not None and (
                period.window_first <= record.date <= window_last
            ):
                result.unauthorised_recent += 1
    return result


def one_a_session(records: Iterable[SessionRecord]) -> list[SessionRecord]:
    """A pupil's records with one per date and session: where two placements share a session,
    a marked record wins over an unmarked one (the first marked one is kept)."""
    chosen: dict[tuple[uuid.UUID | None, dt.date, str], SessionRecord] = {}
    for record in records:
        key = (record.pupil_id, record.date, record.session)
        held = chosen.get(key)
        if held is None or (held.code is None and record.code is not None):
            chosen[key] = record
    return sorted(chosen.values(), key=lambda r: (r.date, r.session))


K = TypeVar("K", bound=Hashable)


def aggregate(
    records: Iterable[SessionRecord],
    codes: CodeBook,
    period: Period,
    key: Callable[[SessionRecord], K],
) -> dict[K, Measures]:
    """The measures for each group of records (``key`` picks the group)."""
    groups: dict[K, list[SessionRecord]] = defaultdict(list)
    for record in records:
        groups[key(record)].append(record)
    return {group: measure(items, codes, period) for group, items in groups.items()}


def by_pupil(
    records: Iterable[SessionRecord], codes: CodeBook, period: Period
) -> dict[uuid.UUID | None, Measures]:
    """Per pupil, each session counted once however many placements expected it."""
    return aggregate(one_a_session(records), codes, period, lambda r: r.pupil_id)


def by_placement(
    records: Iterable[SessionRecord], codes: CodeBook, period: Period
) -> dict[uuid.UUID | None, Measures]:
    return aggregate(records, codes, period, lambda r: r.placement_id)


def by_provider(
    records: Iterable[SessionRecord], codes: CodeBook, period: Period
) -> dict[uuid.UUID | None, Measures]:
    return aggregate(records, codes, period, lambda r: r.provider_id)


def by_school(
    records: Iterable[SessionRecord], codes: CodeBook, period: Period
) -> dict[uuid.UUID | None, Measures]:
    return aggregate(one_a_session(records), codes, period, lambda r: r.school_id)


def by_partnership(
    records: Iterable[SessionRecord], codes: CodeBook, period: Period
) -> dict[uuid.UUID | None, Measures]:
    return aggregate(one_a_session(records), codes, period, lambda r: r.partnership_id)


# What the school enters -----------------------------------------------------------------------

NOT_YET_MARKED = "Not yet marked"


@dataclass(frozen=True)
class SchoolCode:
    code: str  # "" when there is nothing to enter yet
    label: str


DUAL_REGISTERED = SchoolCode("D", "Dual registered - at another school")


def school_register_code(
    provider_code: str | None, rule: CodeRule | None, *, dual_registered: bool = False
) -> SchoolCode:
    """The code the school puts in its own register for a session at alternative provision
    the school or the partnership arranged.

    - the pupil is dual registered at the provider (a school with its own register): ``D``,
      whatever the provider marks (its own register is the record of attendance);
    - not marked by the provider: nothing yet ("Not yet marked");
    - attended (present or late, any code that counts as attendance): ``B``;
    - anything else (absence codes, codes that are not possible sessions): the provider's
      code passed through.

    Not modelled, so never answered: ``K`` (provision the local authority arranged, which
    placements here are not: they are commissioned by a school or a partnership).
    """
    if dual_registered:
        return DUAL_REGISTERED
    if provider_code is None:
        return SchoolCode("", NOT_YET_MARKED)
    if rule is not None and rule.counts_as_attendance:
        return SchoolCode("B", "Attending approved educational activity (alternative provision)")
    return SchoolCode(provider_code, rule.meaning if rule is not None else "")


__all__ = [
    "CodeBook",
    "CodeRule",
    "Measures",
    "Period",
    "SchoolCode",
    "SessionRecord",
    "aggregate",
    "by_partnership",
    "by_placement",
    "by_provider",
    "by_pupil",
    "by_school",
    "measure",
    "school_register_code",
]
