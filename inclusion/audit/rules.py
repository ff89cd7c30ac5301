import rules

from inclusion.accounts.predicates import is_la_officer

rules.add_rule("audit.view_audit", is_la_officer)
