"""What the retention rules make due on a given day: pure functions of the day, the rules and
facts about a pupil (no database, no clock), so every edge can be tested directly.

A record is due on the day its retention period ends (the anniversary), not before. A pupil's
file is governed by every pupil-level rule that applies to the pupil (the pupil file always; SEN
when the pupil has SEN provision or recorded needs; child protection when a referral records a
child protection plan): it is due when the last of them is, and if any of them says "review"
it is listed for review and nothing is destroyed.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from inclusion.privacy.models import Action, Basis, RecordType


@dataclass(frozen=True)
class Rule:
    record_type: str
    basis: str
    years: int
    action: str


@dataclass(frozen=True)
class PupilFacts:
    pupil_id: uuid.UUID
    date_of_birth: dt.date
    created_on: dt.date
    # The day the pupil's last placement ended; None while one is open, or when there is none.
    ended_on: dt.date | None
    has_sen: bool
    has_child_protection: bool
    held: bool


@dataclass(frozen=True)
class PupilDue:
    pupil_id: uuid.UUID
    record_type: str
    action: str
    held: bool


def add_years(day: dt.date, years: int) -> dt.date:
    """The anniversary ``years`` on; 29 February becomes 1 March in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def cutoff(today: dt.date, years: int) -> dt.date:
    """The latest date whose ``years``-year anniversary is on or before ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # today is 29 February and that year has none
        return dt.date(today.year - years, 2, 28)


def _base(rule: Rule, facts: PupilFacts) -> dt.date | None:
    if rule.basis == Basis.DATE_OF_BIRTH:
        return facts.date_of_birth
    if rule.basis == Basis.CREATED:
        return facts.created_on
    return facts.ended_on


def applicable_types(facts: PupilFacts) -> list[str]:
    types = [RecordType.PUPIL_FILE.value]
    if facts.has_sen:
        types.append(RecordType.SEN.value)
    if facts.has_child_protection:
        types.append(RecordType.CHILD_PROTECTION.value)
    return types


def pupil_due(facts: PupilFacts, rules: Mapping[str, Rule], today: dt.date) -> PupilDue | None:
    """What is due for the pupil's file today, or None when nothing is."""
    governing: list[tuple[dt.date, Rule]] = []
    for record_type in applicable_types(facts):
        rule = rules.get(record_type)
        if rule is None:
            continue
        base = _base(rule, facts)
        if base is None:
            return None  # still open: its period has not begun
        governing.append((add_years(base, rule.years), rule))
    if not governing or today < max(due for due, _ in governing):
        return None
    reviews = [rule for _, rule in governing if rule.action == Action.REVIEW]
    rule = reviews[-1] if reviews else max(governing, key=lambda pair: pair[0])[1]
    return PupilDue(facts.pupil_id, rule.record_type, rule.action, facts.held)


def marks_due_before(rule: Rule, today: dt.date) -> dt.date:
    """Attendance marks dated (or whose placement ended) on or before this day are due."""
    return cutoff(today, rule.years)
