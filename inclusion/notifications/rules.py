import rules

from inclusion.accounts.predicates import is_any_member

# Everyone signed in has an inbox; selectors narrow it to the acting membership's own.
rules.add_rule("notifications.view_notifications", is_any_member)
