"""Who sees which report, and how governance viewers see it: counts under 5 as "<5", totals that
cannot reveal them, percentages and amounts from fewer than 5 pupils suppressed; a 404 on every
pupil page; and bad choices answered with a GOV.UK error."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from inclusion.accounts.models import Role
from inclusion.organisations.models import LocalAuthority
from inclusion.reports.governance.selectors import scope
from tests.conftest import client_for
from tests.core.test_permission_matrix import MATRIX
from tests.factories import MembershipFactory, PartnershipFactory, UserFactory
from tests.helpers import assert_govuk_error
from tests.matrix import pupil_a
from tests.reports.factories_governance import autumn, hand_worked_term, report_day
from tests.reports.helpers import cell, get_report, report_of, table, texts

__all__ = ["report_day"]

pytestmark = pytest.mark.usefixtures("report_day")

SUPPORT = "Partnership support"
TIER_4 = "Tier 4 Programme Management"
CATEGORY_B = "(b) At risk of permanent exclusion and on a full-time programme out of school"


@pytest.fixture
def term_data(county):
    return hand_worked_term(county)


def test_a_governance_viewer_sees_a_cell_of_3_as_under_5(county, persona_client, term_data):
    response = get_report(persona_client("governance"), term=autumn(county).pk)
    assert response.status_code == 200
    report = report_of(response)
    assert report.suppressed
    support = cell(response, "referrals_by_purpose", SUPPORT)
    assert support.text == "<5"
    assert support.hidden
    assert support.value is None
    html = response.content.decode()
    assert "&lt;5" in html
    assert "Small figures are hidden" in html


def test_the_same_cell_is_3_for_the_coordinator(county, persona_client, term_data):
    response = get_report(persona_client("coordinator"), term=autumn(county).pk)
    assert cell(response, "referrals_by_purpose", SUPPORT).text == "3"
    assert "Small figures are hidden" not in response.content.decode()


def test_the_total_cannot_reveal_a_hidden_cell(county, persona_client, term_data):
    # 3 + 6 = 9: with 9 shown, 6 must go too, or 9 - 6 would give the 3 away.
    response = get_report(persona_client("governance"), term=autumn(county).pk)
    purposes = texts(response, "referrals_by_purpose")
    assert purposes[SUPPORT] == "<5"
    assert purposes[TIER_4] == "suppressed"
    assert purposes["All referrals"] == "9"
    assert purposes["Advice only"] == "0"


def test_small_counts_everywhere_are_hidden_for_governance(county, persona_client, term_data):
    response = get_report(persona_client("governance"), term=autumn(county).pk)
    for key in ("pupils_by_tier", "tier4", "placements_by_provider", "visits", "qa_coverage"):
        for row in table(response, key).rows:
            for shown in row.cells:
                assert shown.value not in (1, 2, 3, 4), (key, row.label)


def test_percentages_and_amounts_from_fewer_than_5_pupils_are_suppressed(
    county, persona_client, term_data
):
    response = get_report(persona_client("governance"), term=autumn(county).pk)
    assert cell(response, "attendance_by_category", CATEGORY_B).text == "suppressed"
    assert cell(response, "spend", "Spend on placements in the term").text == "suppressed"
    # The average pupil cost is the partnership's own figure, not about pupils: shown.
    assert cell(response, "spend", "Average pupil cost for a term").text == "£6,000.00"


def test_suppressed_figures_are_not_drawn_as_bars(county, persona_client, term_data):
    response = get_report(persona_client("governance"), term=autumn(county).pk)
    chart = table(response, "referrals_by_purpose").chart
    assert chart is not None
    hidden = [bar for bar in chart.bars if bar.text in ("<5", "suppressed")]
    assert len(hidden) == 2
    assert all(bar.width == 0 for bar in hidden)
    assert all(bar.width > 0 for bar in chart.bars if bar.text not in ("<5", "suppressed", "0"))


def test_a_governance_viewer_gets_404_on_every_pupil_page(county, persona_client, term_data):
    client = persona_client("governance")
    pupil_pages = [name for name, entry in MATRIX.items() if entry.kwargs is pupil_a]
    assert "pupils:detail" in pupil_pages
    for name in pupil_pages:
        assert client.get(reverse(name, kwargs=pupil_a(county))).status_code == 404, name
    assert client.get(reverse("pupils:list")).status_code == 404
    for pupil in (county.pupil_b, term_data.bea):
        assert client.get(reverse("pupils:detail", kwargs={"pk": pupil.pk})).status_code == 404
    placement = reverse("placements:detail", kwargs={"pk": term_data.p1.pk})
    assert client.get(placement).status_code == 404


def test_the_report_names_no_pupil(county, persona_client, term_data):
    html = get_report(persona_client("governance"), term=autumn(county).pk).content.decode()
    for pupil in (county.pupil_a, county.pupil_b, term_data.bea):
        assert pupil.legal_last_name not in html
        assert pupil.upn not in html


def test_an_la_officer_chooses_any_partnership_of_the_authority(county, persona_client, term_data):
    client = persona_client("la_officer")
    response = get_report(client, term=autumn(county).pk, partnership=county.other_partnership.pk)
    assert response.status_code == 200
    assert report_of(response).title == f"{county.other_partnership.name}: termly report"
    assert texts(response, "referrals_by_purpose")["Advice only"] == "1"
    first = get_report(client, term=autumn(county).pk)
    assert report_of(first).title == f"{county.partnership.name}: termly report"


def test_a_coordinator_cannot_read_another_partnership(county, persona_client, term_data):
    response = get_report(
        persona_client("coordinator"),
        term=autumn(county).pk,
        partnership=county.other_partnership.pk,
    )
    assert report_of(response).title == f"{county.partnership.name}: termly report"


def test_a_partnership_outside_the_choices_is_a_govuk_error(county, persona_client):
    elsewhere = PartnershipFactory.create(
        local_authority=LocalAuthority.objects.get(dfe_code="857")
    )
    for value in (elsewhere.pk, "not-a-partnership"):
        response = get_report(persona_client("la_officer"), partnership=value)
        assert_govuk_error(response, "Select a partnership from the list")
        assert response.context["report"] is None


@pytest.mark.parametrize("value", ["not-a-term", "00000000-0000-0000-0000-000000000000"])
def test_a_term_outside_the_choices_is_a_govuk_error(county, persona_client, value):
    for name in ("reports:partnership", "reports:county", "reports:county_xlsx"):
        response = get_report(persona_client("la_officer"), name, term=value)
        assert_govuk_error(response, "Select a term from the list")


def test_a_term_that_has_not_started_is_not_a_choice(county, persona_client):
    spring_2028 = county.la.terms.get(starts_on="2028-01-04")
    response = get_report(persona_client("coordinator"), term=spring_2028.pk)
    assert_govuk_error(response, "Select a term from the list")


def test_without_a_term_the_current_or_last_term_is_shown(county, persona_client):
    response = get_report(persona_client("coordinator"))
    assert response.status_code == 200
    assert report_of(response).term_label == "Spring term, 2026 to 2027"  # 20 January 2027


def test_no_term_started_yet_says_so(county, persona_client, monkeypatch):
    monkeypatch.setattr(scope, "today", lambda: dt.date(2020, 1, 1))
    response = get_report(persona_client("coordinator"))
    assert response.status_code == 200
    assert response.context["report"] is None
    assert "No term has started yet" in response.content.decode()


def test_the_county_view_has_a_column_per_partnership_and_a_total(
    county, persona_client, term_data
):
    response = get_report(persona_client("la_officer"), "reports:county", term=autumn(county).pk)
    assert response.status_code == 200
    purposes = table(response, "referrals_by_purpose")
    assert purposes.headers == (county.partnership.name, county.other_partnership.name, "Total")
    rows = {row.label: [c.text for c in row.cells] for row in purposes.rows}
    assert rows[SUPPORT] == ["3", "0", "3"]
    assert rows["Advice only"] == ["0", "1", "1"]
    assert rows["All referrals"] == ["9", "1", "10"]
    providers = {
        row.label: [c.text for c in row.cells] for row in table(response, "qa_coverage").rows
    }
    # Skills Barn is used by both partnerships: counted once in the total.
    assert providers["Providers used"] == ["2", "1", "2"]


def test_a_governance_member_at_the_authority_sees_the_county_suppressed(county, term_data):
    member = MembershipFactory.create(
        user=UserFactory.create(), role=Role.GOVERNANCE, local_authority=county.la
    )
    client = client_for(member)
    response = get_report(client, "reports:county", term=autumn(county).pk)
    assert response.status_code == 200
    rows = {
        row.label: [c.text for c in row.cells]
        for row in table(response, "referrals_by_purpose").rows
    }
    assert rows[SUPPORT][0] == "<5"
    assert rows["Advice only"][1:] == ["<5", "<5"]
    # The row of totals (9, 1 and 10) had one hidden figure, so the 9 goes too; then each
    # partnership's column and the total column have two hidden figures or none.
    assert rows["All referrals"] == ["suppressed", "<5", "10"]
    assert rows[TIER_4] == ["6", "0", "6"]
    partnership = get_report(
        client, term=autumn(county).pk, partnership=county.other_partnership.pk
    )
    assert partnership.status_code == 200


def test_others_get_404(county, persona_client):
    for persona in ("school_a", "provider", "virtual_school", "service_admin"):
        client = persona_client(persona)
        for name in ("reports:partnership", "reports:county"):
            assert client.get(reverse(name)).status_code == 404, (persona, name)
    assert persona_client("governance").get(reverse("reports:county")).status_code == 404
    assert persona_client("coordinator").get(reverse("reports:county")).status_code == 404


def test_the_home_page_links_to_the_reports(county, persona_client):
    for persona, county_link in (
        ("governance", False),
        ("coordinator", False),
        ("la_officer", True),
    ):
        html = persona_client(persona).get(reverse("core:home")).content.decode()
        assert reverse("reports:partnership") in html, persona
        assert (reverse("reports:county") in html) is county_link, persona
    assert (
        reverse("reports:partnership")
        not in persona_client("school_a").get(reverse("core:home")).content.decode()
    )
