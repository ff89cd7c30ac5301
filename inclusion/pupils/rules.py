import rules

from inclusion.accounts.predicates import is_coordinator, is_school_staff, works_with_pupils

rules.add_rule("pupils.view_pupil", works_with_pupils)
rules.add_rule("pupils.create_pupil", is_school_staff | is_coordinator)
rules.add_rule("pupils.change_pupil", is_school_staff | is_coordinator)
