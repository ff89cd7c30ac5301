"""The suppression rule for governance viewers (inclusion/reports/suppression.py): pure unit
tests, worked by hand, and a randomised check that no group is ever left with one hidden
figure."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from inclusion.reports.suppression import (
    Figure,
    Group,
    Kind,
    Mark,
    nothing_hidden,
    primary,
    suppress,
)

S, SMALL, BASE, C = Mark.SHOWN, Mark.SMALL, Mark.SMALL_BASE, Mark.COMPLEMENT


def counts(*rows: list[int]) -> list[list[Figure]]:
    return [[Figure(value) for value in row] for row in rows]


def column_group(rows: int, column: int = 0) -> Group:
    """Rows 0 to rows - 1 of ``column`` add up to the row below them."""
    return Group(tuple((r, column) for r in range(rows)), (rows, column))


@pytest.mark.parametrize(
    ("figure", "mark"),
    [
        (Figure(0), S),
        (Figure(1), SMALL),
        (Figure(3), SMALL),
        (Figure(4), SMALL),
        (Figure(5), S),
        (Figure(None), S),
        (Figure(Decimal("87.5"), Kind.PERCENT, 4), BASE),
        (Figure(Decimal("87.5"), Kind.PERCENT, 5), S),
        (Figure(Decimal("87.5"), Kind.PERCENT, 0), S),
        (Figure(None, Kind.PERCENT, 3), S),  # nothing to show, nothing to hide
        (Figure(Decimal("1200.00"), Kind.MONEY, 2), BASE),
        (Figure(Decimal("1200.00"), Kind.MONEY, None), S),  # not about pupils
        (Figure(Decimal("3.00"), Kind.MONEY, 40), S),  # a small amount is not a small count
    ],
)
def test_primary_suppression(figure, mark):
    assert primary(figure) is mark


def test_texts_of_marks():
    assert SMALL.text == "<5"
    assert BASE.text == C.text == "suppressed"
    assert not S.hidden
    assert all(mark.hidden for mark in (SMALL, BASE, C))


def test_one_small_cell_in_a_column_hides_the_next_smallest():
    # 3, 10 and 20 make 33: with 3 hidden, 33 - 10 - 20 would give it away, so 10 goes too.
    grid = counts([3], [20], [10], [33])
    assert suppress(grid, [column_group(3)]) == [[SMALL], [S], [C], [S]]


def test_two_small_cells_need_nothing_more():
    grid = counts([3], [2], [50], [55])
    assert suppress(grid, [column_group(3)]) == [[SMALL], [SMALL], [S], [S]]


def test_zeros_do_not_protect_a_hidden_cell():
    # 3, 0, 0 and 9: the 0s cannot hide anything, so the 9 goes.
    grid = counts([3], [0], [9], [12])
    assert suppress(grid, [column_group(3)]) == [[SMALL], [S], [C], [S]]


def test_a_total_equal_to_a_small_cell_is_small_too():
    grid = counts([3], [0], [3])
    assert suppress(grid, [column_group(2)]) == [[SMALL], [S], [SMALL]]


def test_the_total_goes_when_every_other_member_is_zero():
    # 6 is hidden by another group (its row); in its column only 0 and the total remain.
    grid = counts([6, 2, 8], [0, 7, 7], [6, 9, 15])
    groups = [
        Group(((0, 0), (0, 1)), (0, 2)),
        Group(((1, 0), (1, 1)), (1, 2)),
        Group(((2, 0), (2, 1)), (2, 2)),
        column_group(2, 0),
        column_group(2, 1),
        column_group(2, 2),
    ]
    marks = suppress(grid, groups)
    assert marks[0][1] is SMALL
    assert marks[0][0] is C  # the row of 6, 2 and 8
    assert marks[2][0] is C  # the column of 6, 0 and 6: only the total is left to hide
    _assert_no_group_has_one_hidden(marks, groups)


def test_a_county_grid_spreads_until_every_group_is_safe():
    # Two partnerships (columns) and a total column; two rows and a total row.
    grid = counts([3, 10, 13], [8, 9, 17], [11, 19, 30])
    groups = [Group(((r, 0), (r, 1)), (r, 2)) for r in range(3)] + [
        column_group(2, c) for c in range(3)
    ]
    marks = suppress(grid, groups)
    assert marks == [[SMALL, C, S], [C, C, S], [S, S, S]]
    _assert_no_group_has_one_hidden(marks, groups)


def test_figures_outside_groups_are_only_primary():
    grid = [[Figure(Decimal("90.0"), Kind.PERCENT, 3), Figure(Decimal("80.0"), Kind.PERCENT, 9)]]
    assert suppress(grid, []) == [[BASE, S]]


def test_nothing_hidden_for_those_who_see_real_numbers():
    grid = counts([1, 2], [3, 4])
    assert nothing_hidden(grid) == [[S, S], [S, S]]


def _assert_no_group_has_one_hidden(marks: list[list[Mark]], groups: list[Group]) -> None:
    for group in groups:
        hidden = [at for at in (*group.members, group.total) if marks[at[0]][at[1]].hidden]
        assert len(hidden) != 1, group


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_never_leave_one_hidden_figure_in_a_group(seed):
    rng = random.Random(seed)
    rows, columns = rng.randint(1, 6), rng.randint(1, 5)
    body = [
        [rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 13, 40]) for _ in range(columns)] for _ in range(rows)
    ]
    with_totals = [[*row, sum(row)] for row in body]
    total_row = [sum(row[c] for row in with_totals) for c in range(columns + 1)]
    grid = counts(*with_totals, total_row)
    groups = [Group(tuple((r, c) for c in range(columns)), (r, columns)) for r in range(rows + 1)]
    groups += [column_group(rows, c) for c in range(columns + 1)]
    marks = suppress(grid, groups)
    for r, row in enumerate(grid):
        for c, figure in enumerate(row):
            if figure.value in (1, 2, 3, 4):
                assert marks[r][c] is SMALL
    _assert_no_group_has_one_hidden(marks, groups)
