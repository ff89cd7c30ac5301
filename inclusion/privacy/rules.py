import rules

from inclusion.accounts.predicates import is_la_officer

# Only LA officers export everything held about a pupil, place or lift legal holds and read
# the retention runs; privacy.selectors narrows them to their own authority's pupils and runs.
rules.add_rule("privacy.export_pupil", is_la_officer)
rules.add_rule("privacy.manage_legal_hold", is_la_officer)
rules.add_rule("privacy.view_retention", is_la_officer)
