"""The clocks and dated rules of managed moves and off-site direction. Pure: no queries.

Every rule names its source. Dates that count school days take a ``SchoolCalendar`` (the
calendar of the local authority that maintains the pupil's school, ``calendar_for(la)``) and may
raise ``CalendarMissingError`` when a term is not recorded: callers show that plainly.

Sources (see ``../shared/reference/statutory-rules.md``, "Off-site direction and managed moves"):

- The Education (Educational Provision for Improving Behaviour) Regulations 2010 (SI 2010/1156),
  as amended, and the DfE guidance "Suspension and permanent exclusion" (new version in force
  26 July 2026): written notice of an off-site direction at least **2 school days** before it
  starts; reviews at intervals the governing board sets; a parent (or the local authority, for a
  pupil with an EHC plan) may ask for a review, which must be held unless a review was held in the
  **10 weeks** before the request; academies follow the same procedure from 26 July 2026.
- DfE guidance "Suspension and permanent exclusion" (the same deemed-service rule as for the
  notices of a suspension or permanent exclusion, SI 2012/1033): a notice sent by post is deemed
  given on the **2nd working day** after posting (weekdays less bank holidays, schools open or
  not); the 2 school days of notice count from that day. A notice handed over or e-mailed is given
  that day. Applies to every direction recorded (no effective-from date: the rule is older than
  the service).
- DfE guidance "Suspension and permanent exclusion" (in force 26 July 2026): a managed move is a
  voluntary, agreed **permanent** transfer; from 26 July 2026 there are no "trial" managed moves
  (a trial is an off-site direction). Trial moves agreed before then stay readable.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from inclusion.calendar.days import SchoolCalendar, add_working_days

# DfE "Suspension and permanent exclusion" guidance, in force 26 July 2026: no trial managed
# moves from this date (a move agreed on or after it cannot be a trial).
TRIAL_MOVES_END = dt.date(2026, 7, 26)
TRIAL_MOVES_SOURCE = "DfE guidance “Suspension and permanent exclusion”, in force 26 July 2026"

# SI 2010/1156 reg. 4 (as amended): written notice at least 2 school days before the first day.
NOTICE_SCHOOL_DAYS = 2
# SI 2010/1156 reg. 5 (as amended): a requested review must be held unless one was held in the
# 10 weeks before the request. Calendar weeks: the regulations say weeks, not school weeks.
REVIEW_REQUEST_WEEKS = 10
REVIEW_SOURCE = "The Education (Educational Provision for Improving Behaviour) Regulations 2010"


# DfE "Suspension and permanent exclusion" guidance (deemed service, as SI 2012/1033 for the
# notices of an exclusion): a posted notice is deemed given on the 2nd working day after posting.
POSTED_DEEMED_WORKING_DAYS = 2


def trial_allowed(agreed_on: dt.date) -> bool:
    """Whether a managed move agreed on ``agreed_on`` may be recorded as a trial."""
    return agreed_on < TRIAL_MOVES_END


def notice_deemed_given(notice_given_on: dt.date, *, posted: bool = False) -> dt.date:
    """The day written notice counts as given: a posted notice on the 2nd working day after
    posting (working days: weekdays less bank holidays, schools open or not, so the half term
    counts and Good Friday does not); by hand or by e-mail, the day itself. Needs no term dates."""
    if posted:
        return add_working_days(notice_given_on, POSTED_DEEMED_WORKING_DAYS)
    return notice_given_on


def earliest_start(
    calendar: SchoolCalendar, notice_given_on: dt.date, *, posted: bool = False
) -> dt.date:
    """The first day an off-site direction may start after written notice on
    ``notice_given_on``: the 2nd school day after the day the notice is (deemed) given, that
    day itself not counted."""
    deemed = notice_deemed_given(notice_given_on, posted=posted)
    return calendar.add_school_days(deemed, NOTICE_SCHOOL_DAYS)


def notice_is_enough(
    calendar: SchoolCalendar, notice_given_on: dt.date, starts_on: dt.date, *, posted: bool = False
) -> bool:
    """Whether notice on ``notice_given_on`` (posted or not) was given at least 2 school days
    before ``starts_on``."""
    return starts_on >= earliest_start(calendar, notice_given_on, posted=posted)


def last_day(calendar: SchoolCalendar, starts_on: dt.date, days: int) -> dt.date:
    """The last school day of a direction of ``days`` school days starting on ``starts_on`` (the
    first school day on or after it counts as day 1)."""
    first = calendar.add_school_days(starts_on, 0)
    return calendar.add_school_days(first, days - 1)


def next_review_on(calendar: SchoolCalendar, basis: dt.date, every_weeks: int) -> dt.date:
    """The next review: ``every_weeks`` school weeks (5 school days each) after ``basis`` (the
    last review, or the day the direction started). The board sets the interval; counting it in
    school weeks keeps holidays out of it, as placement reviews do."""
    return calendar.school_weeks_after(basis, every_weeks)


@dataclass(frozen=True)
class RequestDecision:
    """What a parent's (or the LA's) request for a review means."""

    must_hold: bool
    # The review held in the 10 weeks before the request that lets the board decline, if any.
    recent_review_on: dt.date | None
    # The first day of the 10-week window.
    window_starts: dt.date


def review_request_decision(
    requested_on: dt.date, reviews_held_on: Iterable[dt.date]
) -> RequestDecision:
    """A request must be honoured unless a review was held in the 10 weeks before it: on or after
    the day 10 weeks before ``requested_on``, and not after the request."""
    window_starts = requested_on - dt.timedelta(weeks=REVIEW_REQUEST_WEEKS)
    recent = [day for day in reviews_held_on if window_starts <= day <= requested_on]
    latest = max(recent) if recent else None
    return RequestDecision(
        must_hold=latest is None, recent_review_on=latest, window_starts=window_starts
    )


def review_overdue(next_review: dt.date | None, today: dt.date) -> bool:
    return next_review is not None and next_review < today
