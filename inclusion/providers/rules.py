import rules

from inclusion.accounts.predicates import (
    is_coordinator,
    is_la_officer,
    is_provider_staff,
    works_with_pupils,
)

# Which provider a provider-staff member may act on is narrowed by providers.selectors.
directory_managers = is_coordinator | is_la_officer

rules.add_rule("providers.view_directory", works_with_pupils)
rules.add_rule("providers.create_provider", directory_managers)
rules.add_rule("providers.change_provider", directory_managers | is_provider_staff)
rules.add_rule("providers.confirm_changes", directory_managers)
rules.add_rule("providers.add_evidence", directory_managers | is_provider_staff)
rules.add_rule("providers.view_evidence_files", directory_managers | is_provider_staff)
rules.add_rule("providers.record_qa_visit", directory_managers)
rules.add_rule("providers.view_registration_test", directory_managers)
rules.add_rule("providers.import_gias", is_la_officer)
