import rules

from inclusion.accounts.predicates import is_la_officer, works_with_pupils

# Anyone who works with pupils reads their local authority's calendar; the LA's officers keep it.
# Which authority's terms an officer may change is narrowed by calendar.selectors (others: 404).
rules.add_rule("calendar.view_calendar", works_with_pupils)
rules.add_rule("calendar.manage_terms", is_la_officer)
