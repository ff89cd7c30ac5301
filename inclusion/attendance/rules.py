import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_provider_staff,
    is_school_staff,
    is_virtual_school,
)

# Which placements and pupils are narrowed by attendance.selectors (through placements').
rules.add_rule("attendance.mark_register", is_provider_staff)
rules.add_rule(
    "attendance.view_attendance",
    is_school_staff | is_coordinator | is_chair | is_la_officer | is_virtual_school,
)
rules.add_rule("attendance.school_codes", is_school_staff | is_coordinator)
rules.add_rule("attendance.acknowledge_alert", is_school_staff | is_coordinator)
rules.add_rule("attendance.view_today", is_coordinator | is_la_officer)
