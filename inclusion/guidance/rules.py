import rules

from inclusion.accounts.predicates import is_coordinator, is_la_officer

# The public advice pages need no rule: anyone may read them, signed in or not.
guidance_editors = is_coordinator | is_la_officer

rules.add_rule("guidance.edit_guidance", guidance_editors)
rules.add_rule("guidance.manage_services", guidance_editors)
# A co-ordinator names their own partnership's tiers, and sets the tier of a pupil of their
# partnership by hand (which pupil is narrowed by pupils.selectors: anyone else's is a 404).
rules.add_rule("guidance.edit_tiers", is_coordinator)
rules.add_rule("guidance.set_tier", is_coordinator)
