import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_school_staff,
)

# Which referrals a membership may act on is narrowed by referrals.selectors.
rules.add_rule(
    "referrals.view_referral", is_school_staff | is_coordinator | is_chair | is_la_officer
)
rules.add_rule("referrals.create_referral", is_school_staff | is_coordinator)
rules.add_rule("referrals.submit_referral", is_school_staff | is_coordinator)
rules.add_rule("referrals.triage_referral", is_coordinator)
rules.add_rule("referrals.decide_referral", is_coordinator | is_chair)
rules.add_rule("referrals.confirm_routing", is_coordinator | is_la_officer)
# The triage queue: co-ordinators work it; LA officers read it.
rules.add_rule("referrals.view_queue", is_coordinator | is_la_officer)
