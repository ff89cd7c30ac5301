"""Leicestershire's seeded term dates (data migration
``calendar/0002_seed_leicestershire_term_dates``): three school years of 190 school days each,
five INSET days and three half terms a year, every closure inside a term."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools

import pytest
from django.apps import apps

from inclusion.calendar import days
from inclusion.calendar.models import Closure, Term
from tests.factories import leicestershire

seed_migration = importlib.import_module(
    "inclusion.calendar.migrations.0002_seed_leicestershire_term_dates"
)
D = dt.date


@pytest.mark.parametrize(
    ("year", "per_term"),
    [(2025, [72, 54, 64]), (2026, [71, 53, 66]), (2027, [70, 63, 57])],
)
def test_each_seeded_year_has_190_school_days(db, year, per_term):
    calendar = days.calendar_for(leicestershire())
    terms = [t for t in calendar.terms if t.academic_year == year]
    assert [t.name for t in terms] == ["Autumn term", "Spring term", "Summer term"]
    assert [calendar.term_school_days(t) for t in terms] == per_term
    first, last = days.academic_year_bounds(year)
    assert calendar.school_days_between(first - dt.timedelta(days=1), last) == 190


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_five_inset_days_and_three_half_terms_a_year(db, year):
    first, last = days.academic_year_bounds(year)
    closures = Closure.objects.filter(
        local_authority=leicestershire(), starts_on__gte=first, ends_on__lte=last
    )
    assert closures.filter(kind=Closure.Kind.INSET).count() == 5
    half_terms = closures.filter(kind=Closure.Kind.HALF_TERM)
    assert [h.starts_on.month for h in half_terms.order_by("starts_on")] == [10, 2, 5]
    for half_term in half_terms:
        assert half_term.starts_on.weekday() == 0
        assert half_term.ends_on - half_term.starts_on == dt.timedelta(days=4)


def test_every_seeded_closure_lies_inside_a_term_and_terms_do_not_overlap(db):
    la = leicestershire()
    terms = list(Term.objects.filter(local_authority=la).order_by("starts_on"))
    for earlier, later in itertools.pairwise(terms):
        assert earlier.ends_on < later.starts_on
    for closure in Closure.objects.filter(local_authority=la):
        assert any(t.starts_on <= closure.starts_on and closure.ends_on <= t.ends_on for t in terms)


def test_the_pattern_is_a_plausible_english_county(db):
    calendar = days.calendar_for(leicestershire())
    for term in calendar.terms:
        first, last = days.academic_year_bounds(term.academic_year)
        assert first <= term.starts_on < term.ends_on <= last
    # Autumn starts in early September and ends just before Christmas; summer ends late July.
    autumns = [t for t in calendar.terms if t.name == "Autumn term"]
    assert all(t.starts_on.month == 9 and t.starts_on.day <= 7 for t in autumns)
    assert all(t.ends_on.month == 12 and 17 <= t.ends_on.day <= 23 for t in autumns)
    summers = [t for t in calendar.terms if t.name == "Summer term"]
    assert all(t.ends_on.month == 7 and t.ends_on.day >= 17 for t in summers)
    # Good Friday and Easter Monday fall in the Easter break every year.
    for easter in (D(2026, 4, 3), D(2026, 4, 6), D(2027, 3, 26), D(2027, 3, 29), D(2028, 4, 17)):
        assert calendar.term_containing(easter) is None


def test_the_seed_can_be_reversed_and_run_again(db):
    seed_migration.unseed(apps, None)
    assert not Term.objects.filter(local_authority=leicestershire()).exists()
    assert not Closure.objects.filter(local_authority=leicestershire()).exists()
    seed_migration.seed(apps, None)
    seed_migration.seed(apps, None)  # running twice adds nothing
    assert Term.objects.count() == len(seed_migration.TERMS)
    assert Closure.objects.count() == len(seed_migration.CLOSURES)
