import rules

from inclusion.accounts.predicates import is_any_member

rules.add_rule("accounts.view_account", is_any_member)
