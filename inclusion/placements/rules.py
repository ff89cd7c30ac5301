import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_la_officer,
    is_provider_staff,
    is_school_staff,
    is_virtual_school,
    works_with_pupils,
)

# Which placement, pupil or school a membership may act on is narrowed by placements.selectors.
rules.add_rule("placements.view_placement", works_with_pupils)
rules.add_rule("placements.manage_placement", is_coordinator | is_school_staff)
rules.add_rule("placements.override_compliance", is_la_officer)
rules.add_rule("placements.record_virtual_school", is_virtual_school | is_coordinator)
rules.add_rule(
    "placements.view_risk_assessment",
    is_school_staff | is_coordinator | is_chair | is_la_officer | is_virtual_school,
)
rules.add_rule("placements.complete_risk_assessment", is_school_staff | is_coordinator)
rules.add_rule("placements.sign_off_risk_assessment", is_coordinator)
rules.add_rule("placements.manage_plan", is_school_staff | is_coordinator)
rules.add_rule("placements.record_note", is_provider_staff)
rules.add_rule("placements.manage_costs", is_coordinator | is_la_officer)
rules.add_rule("placements.view_recharges", is_school_staff | is_coordinator | is_la_officer)
# The provider's view (issue 5, part 5): provider staff list their pupils; the information pack
# is read by the provider and previewed by the school and the co-ordinator ("what the provider
# sees"); the school and the co-ordinator read the provider's notes and incidents.
rules.add_rule("placements.view_provider_pupils", is_provider_staff)
rules.add_rule("placements.view_pack", is_provider_staff | is_school_staff | is_coordinator)
rules.add_rule("placements.view_notes", is_school_staff | is_coordinator)
# Placements themselves (issue 5, parts 2 and 3): a co-ordinator turns a forum decision into a
# placement; a partnership's placement is changed (timetable, status) by its co-ordinators, a
# school's own placement by the school's staff too. Without a placement (the page rule) school
# staff pass, and the view asks again with the placement.


@rules.predicate
def _school_commissioned(membership: object, placement: object = None) -> bool:
    return placement is None or getattr(placement, "commissioner", "") == "school"


rules.add_rule("placements.create_from_decision", is_coordinator)
rules.add_rule(
    "placements.change_placement", is_coordinator | (is_school_staff & _school_commissioned)
)
# Education plans are part of the pupil's record: not for provider staff (they see the pack only).
rules.add_rule(
    "placements.view_plan",
    is_school_staff | is_coordinator | is_chair | is_la_officer | is_virtual_school,
)
# Money (issue 5, part 6): what a partnership's placements cost in a term is for the
# co-ordinators who commission them and the LA officers who oversee every partnership.
rules.add_rule("placements.view_spend", is_coordinator | is_la_officer)
# The list of placements (provider staff have their own: placements:provider_pupils).
rules.add_rule(
    "placements.view_placement_list",
    is_school_staff | is_coordinator | is_chair | is_virtual_school | is_la_officer,
)
