"""Attendance measures: hand-worked figures on the seeded Leicestershire calendar, the flags,
the aggregations and the code a school enters."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from inclusion.attendance.measures import (
    CodeBook,
    CodeRule,
    Measures,
    Period,
    SessionRecord,
    by_partnership,
    by_placement,
    by_provider,
    by_pupil,
    by_school,
    measure,
    school_register_code,
)
from inclusion.attendance.selectors import measures as select
from inclusion.calendar.days import calendar_for
from inclusion.placements.models import Placement
from tests.attendance.factories_measures import full_week_placement, mark, mark_day
from tests.factories import leicestershire

D = dt.date


def _measures_of(placement: Placement, first: dt.date, last: dt.date, today: dt.date) -> Measures:
    loaded = select.load(Placement.objects.filter(pk=placement.pk), first, last)
    calendar = loaded.calendars[placement.pupil.school.local_authority_id]
    period = Period(first, last, today, select.window_first(calendar, min(last, today)))
    return measure(loaded.records, loaded.codes, period)


def test_attendance_percentages_match_hand_worked_values_across_a_half_term(county):
    """Mon 9 Feb to Fri 27 Feb 2026, Monday to Friday, morning and afternoon.

    Leicestershire's February half term is 16 to 20 February, so the school days are 9-13 Feb
    and 23-27 Feb: 10 days, 20 expected sessions.

    9 Feb  / \\     2 attended
    10 Feb L \\     2 attended (late before the register closed counts)
    11 Feb D D     2 not possible (dual registered)
    12 Feb X Y1    2 not possible
    13 Feb I I     2 authorised
    23 Feb / \\     2 attended
    24 Feb O G     2 unauthorised
    25 Feb Y2 \\    1 not possible, 1 attended
    26 Feb / \\     2 attended
    27 Feb -  -    not marked, in the past (today is 2 March): 2 possible, not attended

    Not possible: 5. Possible: 20 - 5 = 15. Attended: 2+2+2+1+2 = 9.
    Authorised 2, unauthorised 2, not marked 2 (9 + 2 + 2 + 2 = 15).
    Percentage: 9 / 15 = 60.0%. Absence 6 / 15 = 40%: persistent (>= 10%), not severe (< 50%).
    """
    by = county.memberships["provider"].user
    placement = full_week_placement(pupil=county.pupil_a, start=D(2026, 2, 9), end=D(2026, 2, 27))
    for day, am, pm in [
        (D(2026, 2, 9), "/", "\\"),
        (D(2026, 2, 10), "L", "\\"),
        (D(2026, 2, 11), "D", "D"),
        (D(2026, 2, 12), "X", "Y1"),
        (D(2026, 2, 13), "I", "I"),
        (D(2026, 2, 23), "/", "\\"),
        (D(2026, 2, 24), "O", "G"),
        (D(2026, 2, 25), "Y2", "\\"),
        (D(2026, 2, 26), "/", "\\"),
    ]:
        mark_day(placement, day, am, pm, by=by)

    loaded = select.load(Placement.objects.filter(pk=placement.pk), D(2026, 2, 9), D(2026, 2, 27))
    assert len(loaded.records) == 20
    assert not any(D(2026, 2, 16) <= r.date <= D(2026, 2, 20) for r in loaded.records)

    result = _measures_of(placement, D(2026, 2, 9), D(2026, 2, 27), today=D(2026, 3, 2))
    assert (result.possible, result.attended) == (15, 9)
    assert (result.authorised, result.unauthorised, result.not_marked) == (2, 2, 2)
    assert result.not_possible == 5
    assert result.percentage == Decimal("60.0")
    assert result.absent == 6
    assert result.persistent_absence
    assert not result.severe_absence
    assert not result.unauthorised_flag


def test_attendance_percentages_match_hand_worked_values_across_a_bank_holiday(county):
    """Mon 27 Apr to Fri 8 May 2026, Monday to Friday, morning and afternoon.

    Monday 4 May 2026 is the early May bank holiday: school days are 27 Apr-1 May (5) and
    5-8 May (4): 9 days, 18 expected sessions. Every session is present except:

    28 Apr AM  M   authorised
    29 Apr AM+PM Y7  2 not possible
    6 May AM   N   unauthorised
    7 May PM   U   unauthorised (arrived after the register closed, 40 minutes late)

    Possible: 18 - 2 = 16. Attended: 16 - 3 = 13. Percentage: 13 / 16 = 81.25% -> 81.3%
    (half up, not 81.2). Absence 3 / 16 = 18.75%: persistent, not severe.
    """
    by = county.memberships["provider"].user
    placement = full_week_placement(pupil=county.pupil_a, start=D(2026, 4, 27), end=D(2026, 5, 8))
    special = {
        (D(2026, 4, 28), "am"): "M",
        (D(2026, 4, 29), "am"): "Y7",
        (D(2026, 4, 29), "pm"): "Y7",
        (D(2026, 5, 6), "am"): "N",
        (D(2026, 5, 7), "pm"): "U",
    }
    days = calendar_for(leicestershire()).school_days_in(D(2026, 4, 27), D(2026, 5, 8))
    assert D(2026, 5, 4) not in days
    assert len(days) == 9
    for day in days:
        for session, present in (("am", "/"), ("pm", "\\")):
            code = special.get((day, session), present)
            mark(placement, day, session, code, by=by, minutes_late=40 if code == "U" else None)

    result = _measures_of(placement, D(2026, 4, 27), D(2026, 5, 8), today=D(2026, 5, 11))
    assert (result.possible, result.attended, result.not_possible) == (16, 13, 2)
    assert (result.authorised, result.unauthorised, result.not_marked) == (1, 2, 0)
    assert result.percentage == Decimal("81.3")
    assert result.persistent_absence
    assert not result.severe_absence


def test_unmarked_sessions_today_or_later_are_not_counted(county):
    placement = full_week_placement(pupil=county.pupil_a, start=D(2026, 3, 2), end=D(2026, 3, 6))
    # Today is Wednesday 4 March: Mon and Tue unmarked count (4), Wed to Fri do not.
    result = _measures_of(placement, D(2026, 3, 2), D(2026, 3, 6), today=D(2026, 3, 4))
    assert (result.possible, result.attended, result.not_marked) == (4, 0, 4)
    assert result.percentage == Decimal("0.0")
    assert result.severe_absence


def test_ten_unauthorised_sessions_in_the_last_ten_school_weeks_raise_the_flag(county):
    by = county.memberships["provider"].user
    placement = full_week_placement(pupil=county.pupil_a, start=D(2026, 1, 6))
    calendar = calendar_for(leicestershire())
    end = D(2026, 4, 24)  # a Friday in the summer term
    window = select.window_first(calendar, end)
    assert window is not None
    assert len(calendar.school_days_in(window, end)) == 50
    # Nine unauthorised sessions inside the window and one the school day before it.
    before = calendar.add_school_days(window, -1)
    mark(placement, before, "am", "O", by=by)
    inside = calendar.school_days_in(window, end)[:5]
    for day in inside[:4]:
        mark_day(placement, day, "O", "G", by=by)
    mark(placement, inside[4], "am", "N", by=by)

    result = _measures_of(placement, D(2026, 1, 6), end, today=D(2026, 4, 27))
    assert result.unauthorised == 10
    assert result.unauthorised_recent == 9
    assert not result.unauthorised_flag

    mark(placement, inside[4], "pm", "U", by=by, minutes_late=30)
    result = _measures_of(placement, D(2026, 1, 6), end, today=D(2026, 4, 27))
    assert result.unauthorised_recent == 10
    assert result.unauthorised_flag


# Pure functions --------------------------------------------------------------------------------

SINCE = D(2024, 8, 19)


def _rule(code: str, category: str, possible: bool, attended: bool) -> CodeRule:
    return CodeRule(code, f"meaning of {code}", category, possible, attended, SINCE)


BOOK = CodeBook.of(
    [
        _rule("/", "present", True, True),
        _rule("\\", "present", True, True),
        _rule("L", "present", True, True),
        _rule("I", "authorised_absence", True, False),
        _rule("O", "unauthorised_absence", True, False),
        _rule("U", "unauthorised_absence", True, False),
        _rule("D", "not_possible", False, False),
        _rule("Y7", "not_possible", False, False),
    ]
)


@pytest.mark.parametrize(
    ("attended", "possible", "expected", "persistent", "severe"),
    [
        (9, 10, Decimal("90.0"), True, False),  # exactly 10% absent: persistent
        (91, 100, Decimal("91.0"), False, False),
        (1, 2, Decimal("50.0"), True, True),  # exactly 50% absent: severe
        (2, 3, Decimal("66.7"), True, False),
        (1, 8, Decimal("12.5"), True, True),
        (1, 16, Decimal("6.3"), True, True),  # 6.25 rounds half up
        (0, 0, None, False, False),
    ],
)
def test_percentage_rounds_half_up_and_flags_use_the_thresholds(
    attended, possible, expected, persistent, severe
):
    result = Measures(possible=possible, attended=attended)
    assert result.percentage == expected
    assert result.persistent_absence is persistent
    assert result.severe_absence is severe


def test_code_versions_take_the_one_in_force():
    later = CodeRule("O", "new meaning", "authorised_absence", True, False, D(2030, 9, 1))
    book = CodeBook.of([_rule("O", "unauthorised_absence", True, False), later])
    current = book.on("O", D(2026, 1, 5))
    assert current is not None
    assert current.category == "unauthorised_absence"
    assert book.on("O", D(2030, 9, 2)) == later
    assert book.on("ZZ", D(2026, 1, 5)) is None


def test_aggregations_per_pupil_placement_provider_school_and_partnership():
    pupil_1, pupil_2 = uuid.uuid4(), uuid.uuid4()
    place_1a, place_1b, place_2 = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    prov_x, prov_y = uuid.uuid4(), uuid.uuid4()
    school_1, school_2, partnership = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    day = D(2026, 3, 2)

    def rec(placement, pupil, provider, school, session, code, on=day):
        return SessionRecord(on, session, code, placement, pupil, provider, school, partnership)

    records = [
        # Pupil 1: two placements share Monday morning; the marked one counts once.
        rec(place_1a, pupil_1, prov_x, school_1, "am", None),
        rec(place_1b, pupil_1, prov_y, school_1, "am", "/"),
        rec(place_1a, pupil_1, prov_x, school_1, "pm", "O"),
        # Pupil 2 at provider X: present, then D (not possible).
        rec(place_2, pupil_2, prov_x, school_2, "am", "/"),
        rec(place_2, pupil_2, prov_x, school_2, "pm", "D"),
    ]
    period = Period(day, day, D(2026, 3, 3))

    pupils = by_pupil(records, BOOK, period)
    assert (pupils[pupil_1].possible, pupils[pupil_1].attended) == (2, 1)
    assert (pupils[pupil_2].possible, pupils[pupil_2].attended) == (1, 1)

    placements = by_placement(records, BOOK, period)
    assert (placements[place_1a].possible, placements[place_1a].not_marked) == (2, 1)
    assert placements[place_1b].percentage == Decimal("100.0")

    providers = by_provider(records, BOOK, period)
    assert (providers[prov_x].possible, providers[prov_x].attended) == (3, 1)
    assert providers[prov_x].percentage == Decimal("33.3")

    schools = by_school(records, BOOK, period)
    assert schools[school_1].percentage == Decimal("50.0")
    assert schools[school_2].not_possible == 1

    partnerships = by_partnership(records, BOOK, period)
    assert (partnerships[partnership].possible, partnerships[partnership].attended) == (3, 2)
    assert partnerships[partnership].percentage == Decimal("66.7")


@pytest.mark.parametrize(
    ("provider_code", "expected_code", "expected_label"),
    [
        ("/", "B", "Attending approved educational activity (alternative provision)"),
        ("\\", "B", "Attending approved educational activity (alternative provision)"),
        ("L", "B", "Attending approved educational activity (alternative provision)"),
        ("I", "I", "meaning of I"),
        ("O", "O", "meaning of O"),
        ("U", "U", "meaning of U"),
        ("Y7", "Y7", "meaning of Y7"),
        (None, "", "Not yet marked"),
    ],
)
def test_the_code_the_school_enters(provider_code, expected_code, expected_label):
    rule = BOOK.on(provider_code, SINCE) if provider_code else None
    entered = school_register_code(provider_code, rule)
    assert (entered.code, entered.label) == (expected_code, expected_label)


def test_the_loaded_codes_are_the_2024_list(db):
    book = select.code_book()
    day = D(2026, 1, 5)
    not_possible = {"D", "X", "Q", "Z", "#", *(f"Y{n}" for n in range(1, 8))}
    for code in not_possible:
        rule = book.on(code, day)
        assert rule is not None
        assert not rule.counts_as_possible, code
    for code in ("/", "\\", "L", "B"):
        rule = book.on(code, day)
        assert rule is not None
        assert rule.counts_as_attendance, code
