"""Who may do what with Fair Access cases. Which cases: ``selectors.cases_visible_to``.

Co-ordinators manage their partnership's cases; LA officers those of every partnership of their
authority. The partnership's chair reads them (the panel). A school's staff see only the cases
allocated to their school, and only the summary needed to admit the child. The Virtual School
sees only looked-after children's cases of its authority. Provider staff, governance members and
service administrators see none (404).
"""

import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_school_staff,
    is_virtual_school,
)

rules.add_rule(
    "fairaccess.view_cases",
    is_coordinator | is_chair | is_la_officer | is_school_staff | is_virtual_school,
)
# The whole case file (evidence, attempts, the fairness table, the checklist and drafts).
rules.add_rule(
    "fairaccess.view_case_file", is_coordinator | is_chair | is_la_officer | is_virtual_school
)
rules.add_rule("fairaccess.view_fairness", is_coordinator | is_chair | is_la_officer)
rules.add_rule("fairaccess.manage_case", is_coordinator | is_la_officer)
rules.add_rule("fairaccess.view_panels", is_coordinator | is_chair | is_la_officer)
rules.add_rule("fairaccess.edit_templates", is_coordinator)
