import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_school_staff,
    is_virtual_school,
)

# Which moves and directions a membership sees is narrowed by moves.selectors: school staff
# those of their school (as the pupil's school, or as the receiving school, read only); the
# co-ordinator and chair their partnership's; LA officers the authority's; the Virtual School
# only those of its looked-after pupils. Provider staff and governance members see none.
rules.add_rule(
    "moves.view_moves",
    is_school_staff | is_coordinator | is_chair | is_la_officer | is_virtual_school,
)
# Only staff of the pupil's own school record a move or a direction and what follows it
# (moves.selectors.*_to_change narrows it to their own school's records).
rules.add_rule("moves.record_move", is_school_staff)
