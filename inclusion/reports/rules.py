import rules

from inclusion.accounts.predicates import (
    is_chair,
    is_coordinator,
    is_governance,
    is_la_officer,
    is_school_staff,
)

# The Ofsted evidence pack: which schools' packs comes from reports.ofsted.selectors.
rules.add_rule(
    "reports.view_ofsted_pack", is_school_staff | is_coordinator | is_chair | is_la_officer
)
rules.add_rule("reports.change_ap_lead", is_school_staff)

# Governance reports (issue 7, part 3): which partnerships comes from
# reports.governance.selectors.scope. A governance board member whose membership is at the local
# authority (not a partnership) sees the county view too.


@rules.predicate
def _at_local_authority(membership: object) -> bool:
    return getattr(membership, "local_authority_id", None) is not None


rules.add_rule(
    "reports.view_partnership_report", is_coordinator | is_chair | is_la_officer | is_governance
)
rules.add_rule("reports.view_county_report", is_la_officer | (is_governance & _at_local_authority))
