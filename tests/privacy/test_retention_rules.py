"""The retention rules as pure functions of the day: the anniversary is the first day a record
is due, the longest rule that applies to a pupil governs the file, and review wins."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from inclusion.privacy.models import RetentionRule
from inclusion.privacy.retention import (
    PupilFacts,
    Rule,
    add_years,
    cutoff,
    marks_due_before,
    pupil_due,
)

RULES = {
    "pupil_file": Rule("pupil_file", "date_of_birth", 25, "anonymise"),
    "sen": Rule("sen", "date_of_birth", 31, "anonymise"),
    "child_protection": Rule("child_protection", "date_of_birth", 25, "review"),
    "attendance": Rule("attendance", "created", 6, "delete"),
}
BORN = dt.date(2001, 5, 17)


def facts(**fields: object) -> PupilFacts:
    values: dict[str, object] = {
        "pupil_id": uuid.uuid4(),
        "date_of_birth": BORN,
        "created_on": dt.date(2015, 9, 1),
        "ended_on": dt.date(2016, 7, 20),
        "has_sen": False,
        "has_child_protection": False,
        "held": False,
    }
    return PupilFacts(**(values | fields))  # type: ignore[arg-type]


def test_anniversaries_including_29_february():
    assert add_years(dt.date(2001, 5, 17), 25) == dt.date(2026, 5, 17)
    assert add_years(dt.date(2004, 2, 29), 25) == dt.date(2029, 3, 1)
    assert add_years(dt.date(2004, 2, 29), 4) == dt.date(2008, 2, 29)
    assert cutoff(dt.date(2026, 3, 2), 6) == dt.date(2020, 3, 2)
    assert cutoff(dt.date(2028, 2, 29), 6) == dt.date(2022, 2, 28)


def test_a_pupil_file_is_due_on_the_25th_birthday_not_the_day_before():
    pupil = facts()
    assert pupil_due(pupil, RULES, dt.date(2026, 5, 16)) is None
    due = pupil_due(pupil, RULES, dt.date(2026, 5, 17))
    assert due is not None
    assert (due.record_type, due.action, due.held) == ("pupil_file", "anonymise", False)
    assert pupil_due(pupil, RULES, dt.date(2030, 1, 1)) is not None


def test_sen_records_keep_the_file_until_the_31st_birthday():
    pupil = facts(has_sen=True)
    assert pupil_due(pupil, RULES, dt.date(2032, 5, 16)) is None
    due = pupil_due(pupil, RULES, dt.date(2032, 5, 17))
    assert due is not None
    assert (due.record_type, due.action) == ("sen", "anonymise")


def test_child_protection_is_listed_for_review_never_anonymised():
    due = pupil_due(facts(has_child_protection=True), RULES, dt.date(2026, 5, 17))
    assert due is not None
    assert (due.record_type, due.action) == ("child_protection", "review")
    both = facts(has_child_protection=True, has_sen=True)
    assert pupil_due(both, RULES, dt.date(2026, 5, 17)) is None
    later = pupil_due(both, RULES, dt.date(2032, 5, 17))
    assert later is not None
    assert later.action == "review"


def test_a_held_pupil_is_still_reported_as_held():
    due = pupil_due(facts(held=True), RULES, dt.date(2026, 5, 17))
    assert due is not None
    assert due.held


def test_years_after_it_ended_wait_while_a_placement_is_open():
    rules = {"pupil_file": Rule("pupil_file", "ended", 6, "anonymise")}
    assert pupil_due(facts(ended_on=None), rules, dt.date(2090, 1, 1)) is None
    assert pupil_due(facts(), rules, dt.date(2022, 7, 19)) is None
    assert pupil_due(facts(), rules, dt.date(2022, 7, 20)) is not None


def test_years_after_the_record_was_made():
    rules = {"pupil_file": Rule("pupil_file", "created", 10, "anonymise")}
    assert pupil_due(facts(), rules, dt.date(2025, 8, 31)) is None
    assert pupil_due(facts(), rules, dt.date(2025, 9, 1)) is not None


def test_without_rules_nothing_is_due():
    assert pupil_due(facts(), {}, dt.date(2090, 1, 1)) is None


def test_attendance_marks_six_years_old_are_due():
    assert marks_due_before(RULES["attendance"], dt.date(2026, 3, 2)) == dt.date(2020, 3, 2)


@pytest.mark.django_db
def test_the_data_migration_seeds_the_statutory_defaults():
    rules = {
        rule.record_type: (rule.basis, rule.years, rule.action)
        for rule in RetentionRule.objects.all()
    }
    assert rules == {
        "pupil_file": ("date_of_birth", 25, "anonymise"),
        "sen": ("date_of_birth", 31, "anonymise"),
        "child_protection": ("date_of_birth", 25, "review"),
        "attendance": ("created", 6, "delete"),
    }
