import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_school_staff,
    works_with_pupils,
)

# Which meetings, cases and actions a membership may act on is narrowed by forums.selectors:
# a meeting of another partnership is a 404.
deciders = is_coordinator | is_chair
meeting_managers = is_coordinator | is_la_officer

rules.add_rule("forums.view_forums", is_coordinator | is_chair | is_school_staff | is_la_officer)
rules.add_rule("forums.manage_meetings", meeting_managers)
rules.add_rule("forums.manage_agenda", is_coordinator)
rules.add_rule("forums.record_attendance", meeting_managers | deciders)
rules.add_rule("forums.decide", deciders)
rules.add_rule("forums.view_actions", works_with_pupils | deciders)
