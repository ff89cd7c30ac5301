import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_school_staff,
    is_virtual_school,
)

# Which plans a membership may act on is narrowed by offers.selectors (through the referral
# selectors; the Virtual School through its looked-after pupils). Provider staff and governance
# never see a plan.
rules.add_rule("offers.change_plan", is_school_staff | is_coordinator)
rules.add_rule(
    "offers.view_plan",
    is_school_staff | is_coordinator | is_chair | is_virtual_school | is_la_officer,
)
