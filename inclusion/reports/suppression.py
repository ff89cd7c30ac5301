"""Small figures hidden from governance viewers (DESIGN.md §5): pure functions, no database.

Governance board members see aggregate figures only, and no figure may point at a few pupils.
The rule, for every table a governance viewer sees (the page and the XLSX alike):

1. **Primary suppression.** A count from 1 to 4 is shown as "<5". A percentage or an amount of
   money worked out from 1 to 4 pupils (its *base*) is shown as "suppressed". Zero is shown:
   it points at nobody.
2. **Secondary suppression.** Where figures add up to a total shown beside them (a column and
   its total row, or a partnership's row and its county total), a single hidden figure could
   be worked out by subtraction. So whenever exactly one figure of such a group is hidden, the
   smallest other figure of the group that is not zero is hidden too ("suppressed"), and the
   total itself only when every other figure is zero. Hiding one figure can leave another
   group with one hidden figure, so the rule is applied again until no group has exactly one.

Figures that do not add up to a shown total (percentages, averages, a count of distinct
providers across partnerships) form no group: they cannot reveal a hidden figure by
subtraction.

Co-ordinators, chairs and LA officers see every figure as it is.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

THRESHOLD = 5  # figures from 1 to THRESHOLD - 1 are hidden

SMALL_TEXT = "<5"
SUPPRESSED_TEXT = "suppressed"

Coord = tuple[int, int]  # (row, column) in a table's grid, totals included


class Kind(enum.StrEnum):
    COUNT = "count"
    PERCENT = "percent"
    MONEY = "money"


class Mark(enum.StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # a count from 1 to 4
    SMALL_BASE = "small_base"  # a percentage or amount worked out from 1 to 4 pupils
    COMPLEMENT = "complement"  # hidden so that a hidden figure cannot be worked out

    @property
    def hidden(self) -> bool:
        return self is not Mark.SHOWN

    @property
    def text(self) -> str:
        """What the table shows instead of a hidden figure."""
        return SMALL_TEXT if self is Mark.SMALL else SUPPRESSED_TEXT


@dataclass(frozen=True)
class Figure:
    """One figure of a table. ``value`` is None where there is nothing to show (a percentage
    of no sessions). ``base`` is how many pupils a percentage or an amount is worked out from
    (None: it is not about pupils, such as the average pupil cost a partnership sets)."""

    value: int | Decimal | None
    kind: Kind = Kind.COUNT
    base: int | None = None


@dataclass(frozen=True)
class Group:
    """Figures (``members``) that add up to ``total``, all by their place in the grid."""

    members: tuple[Coord, ...]
    total: Coord


def is_small(number: int | None) -> bool:
    return number is not None and 0 < number < THRESHOLD


def primary(figure: Figure) -> Mark:
    """The mark of a figure on its own (rule 1)."""
    if figure.value is None:
        return Mark.SHOWN
    if figure.kind is Kind.COUNT:
        return Mark.SMALL if is_small(int(figure.value)) else Mark.SHOWN
    return Mark.SMALL_BASE if is_small(figure.base) else Mark.SHOWN


def _size(figure: Figure) -> Decimal:
    return Decimal(figure.value) if figure.value is not None else Decimal(0)


def _complement(
    group: Group, grid: Sequence[Sequence[Figure]], marks: dict[Coord, Mark]
) -> Coord | None:
    """The figure to hide next in ``group`` (rule 2), or None when the group needs none."""
    everything = (*group.members, group.total)
    if sum(1 for at in everything if marks[at].hidden) != 1:
        return None

    def open_(at: Coord) -> bool:
        return not marks[at].hidden and _size(grid[at[0]][at[1]]) != 0

    members = [at for at in group.members if open_(at)]
    if members:
        return min(members, key=lambda at: (_size(grid[at[0]][at[1]]), at))
    return group.total if open_(group.total) else None


def suppress(grid: Sequence[Sequence[Figure]], groups: Iterable[Group]) -> list[list[Mark]]:
    """The mark of every figure of ``grid`` (rows of figures, totals included) under rules 1
    and 2, ``groups`` saying which figures add up to which total."""
    marks = {(r, c): primary(figure) for r, row in enumerate(grid) for c, figure in enumerate(row)}
    chosen = list(groups)
    changed = True
    while changed:
        changed = False
        for group in chosen:
            at = _complement(group, grid, marks)
            if at is not None:
                marks[at] = Mark.COMPLEMENT
                changed = True
    return [[marks[(r, c)] for c in range(len(row))] for r, row in enumerate(grid)]


def nothing_hidden(grid: Sequence[Sequence[Figure]]) -> list[list[Mark]]:
    """Every figure shown: for co-ordinators, chairs and LA officers."""
    return [[Mark.SHOWN for _ in row] for row in grid]
