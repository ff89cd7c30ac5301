import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_school_staff,
    is_virtual_school,
)

# Which placements (and so which visits) a membership may act on is narrowed by
# placements.selectors.access: a school its own pupils', a partnership its schools', the Virtual
# School its looked-after pupils', an LA officer the authority's. Provider staff and governance
# members never see visits.
rules.add_rule("visits.record_visit", is_school_staff | is_coordinator)
rules.add_rule(
    "visits.view_visits",
    is_school_staff | is_coordinator | is_chair | is_la_officer | is_virtual_school,
)
# The "visits due" list: the school's pupils, or the partnership's, for whoever makes the visits.
rules.add_rule("visits.view_due", is_school_staff | is_coordinator)
