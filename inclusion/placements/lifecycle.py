"""The placement lifecycle as a table (ADR 5): from each status, the statuses it may move to and
the rule a membership must pass to make the move. Anything not in the table is refused.

    proposed → agreed → active → ended
    proposed or agreed → ended (not going ahead)

The guards that must pass before a move (registration test, compliance, risk assessment,
Virtual School) are in ``services/guards.py``; the one service that makes a move is
``services.placements.placement_transition``.
"""

from __future__ import annotations

from dataclasses import dataclass

from inclusion.placements.models import Placement

Status = Placement.Status

CHANGE_RULE = "placements.change_placement"

TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.PROPOSED, Status.AGREED): CHANGE_RULE,
    (Status.PROPOSED, Status.ENDED): CHANGE_RULE,
    (Status.AGREED, Status.ACTIVE): CHANGE_RULE,
    (Status.AGREED, Status.ENDED): CHANGE_RULE,
    (Status.ACTIVE, Status.ENDED): CHANGE_RULE,
}

# Statuses in which the timetable may still change (an ended placement's is its record).
TIMETABLE_STATUSES = (Status.PROPOSED, Status.AGREED, Status.ACTIVE)
# Statuses in which the details (site, category, dates, price) may still change: once agreed,
# the guards have passed on those details.
EDITABLE_STATUSES = (Status.PROPOSED,)


def allowed_moves(status: str) -> list[tuple[str, str]]:
    """(target status, rule) pairs allowed from ``status``."""
    return [(to, rule) for (frm, to), rule in TRANSITIONS.items() if frm == status]


def is_allowed(frm: str, to: str) -> bool:
    return (frm, to) in TRANSITIONS


@dataclass(frozen=True)
class Move:
    """How a move reads on the page: its button, the confirmation page and the outcome."""

    to: str
    button: str
    title: str
    verb: str  # as in "this placement cannot be agreed"
    done: str


MOVES: dict[str, Move] = {
    Status.AGREED: Move(
        Status.AGREED,
        "Agree the placement",
        "Agree the placement",
        "agreed",
        "The placement has been agreed",
    ),
    Status.ACTIVE: Move(
        Status.ACTIVE,
        "Start the placement",
        "Start the placement",
        "started",
        "The placement is now active",
    ),
    Status.ENDED: Move(
        Status.ENDED,
        "End the placement",
        "End the placement",
        "ended",
        "The placement has ended",
    ),
}

# Ending a placement that was only proposed: it is not going ahead.
NOT_GOING_AHEAD = Move(
    Status.ENDED,
    "Record that it is not going ahead",
    "Record that the placement is not going ahead",
    "ended",
    "The placement has been recorded as not going ahead",
)


def move_for(frm: str, to: str) -> Move | None:
    """The wording of moving from ``frm`` to ``to``; None when ``to`` is not a status one moves
    to."""
    if frm == Status.PROPOSED and to == Status.ENDED:
        return NOT_GOING_AHEAD
    return MOVES.get(to)
