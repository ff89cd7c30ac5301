import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_school_staff,
    is_virtual_school,
)

# Which records a membership sees is narrowed by selectors.py: a school its pupils' (and the
# exclusions it made), a partnership its schools', an LA officer the authority's, the Virtual
# School its looked-after pupils' (read only). Provider staff and governance members see none.
rules.add_rule(
    "exclusions.view_exclusions",
    is_school_staff | is_coordinator | is_chair | is_la_officer | is_virtual_school,
)
# A school raises that it is considering a permanent exclusion, and records suspensions and
# exclusions of its pupils.
rules.add_rule("exclusions.raise_consultation", is_school_staff)
rules.add_rule("exclusions.record_exclusion", is_school_staff)
# The consultation itself may be written up by the school, the partnership or the LA's team.
rules.add_rule(
    "exclusions.record_consultation", is_school_staff | is_coordinator | is_chair | is_la_officer
)
# The notifications checklist, sixth-day provision and the dates of what followed: the school,
# and LA officers (the LA arranges provision after a permanent exclusion).
rules.add_rule("exclusions.change_exclusion", is_school_staff | is_la_officer)
# Upcoming deadlines: the school, the partnership, the LA.
rules.add_rule(
    "exclusions.view_deadlines", is_school_staff | is_coordinator | is_chair | is_la_officer
)
