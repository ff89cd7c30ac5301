import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_provider_staff,
    is_school_staff,
    is_virtual_school,
    works_with_pupils,
)

# Which placement, pupil or school a membership may act on is narrowed by placements.selectors.
rules.add_rule("placements.view_placement", works_with_pupils)
rules.add_rule("placements.manage_placement", is_coordinator | is_school_staff)
rules.add_rule("placements.override_compliance", is_la_officer)
rules.add_rule("placements.record_virtual_school", is_virtual_school | is_coordinator)
rules.add_rule(
    "placements.view_risk_assessment",
    is_school_staff | is_coordinator | is_chair | is_la_officer | is_virtual_school,
)
rules.add_rule("placements.complete_risk_assessment", is_school_staff | is_coordinator)
rules.add_rule("placements.sign_off_risk_assessment", is_coordinator)
rules.add_rule("placements.manage_plan", is_school_staff | is_coordinator)
rules.add_rule("placements.record_note", is_provider_staff)
rules.add_rule("placements.manage_costs", is_coordinator | is_la_officer)
rules.add_rule("placements.view_recharges", is_school_staff | is_coordinator | is_la_officer)
