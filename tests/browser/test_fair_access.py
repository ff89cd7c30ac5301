"""Issue 8's Fair Access acceptance journey in a browser: the partnership's co-ordinator opens a
case, records the in-year application that failed, puts the case on the panel's agenda, reads the
fairness table (with the right counts from two earlier allocations to one school and one to the
other) and allocates a place, then records the offer and the start; the allocated school's staff
then see the case. The clock is fixed at Tuesday 3 March 2026, 11am. Every page visited is
scanned with axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inclusion.fairaccess.categories import Category
from inclusion.fairaccess.models import FairAccessCase, Status
from inclusion.notifications.models import Notification
from tests.attendance.factories_register import freeze
from tests.browser.site import Site, expect_error_summary
from tests.conftest import County
from tests.fairaccess.factories import allocated, at_panel, fa_case

NOW = dt.datetime(2026, 3, 3, 11, 0)


def fill_date(site: Site, field: str, day: dt.date) -> None:
    site.page.fill(f"#id_{field}_day", str(day.day))
    site.page.fill(f"#id_{field}_month", str(day.month))
    site.page.fill(f"#id_{field}_year", str(day.year))


def test_a_case_from_intake_to_allocation(
    site: Site, county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    aware = freeze(monkeypatch, NOW)
    monkeypatch.setattr(timezone, "now", lambda: aware)
    county.school_a.postcode, county.school_a.capacity = "LE10 0AA", 1100
    county.school_a.save()
    county.school_b.in_special_measures, county.school_b.capacity = True, 900
    county.school_b.save()
    # Earlier this school year: two admissions at Brookvale (one excluded), one at Fernhill.
    allocated(county, county.school_a, on=dt.date(2025, 11, 3), nc_year=9)
    allocated(
        county,
        county.school_a,
        on=dt.date(2026, 1, 14),
        nc_year=9,
        category=Category.EXCLUDED_OR_AP,
    )
    allocated(
        county,
        county.school_b,
        on=dt.date(2026, 1, 20),
        nc_year=10,
        category=Category.EXCLUDED_OR_AP,
    )

    site.sign_in_as("coordinator")
    site.visit("/fair-access/")
    expect(site.heading).to_have_text("Fair Access cases")
    site.click_link("Open a Fair Access case")
    site.submit("Open the case", status=400)
    expect_error_summary(
        site,
        [
            "Enter child's legal first name",
            "Enter child's legal last name",
            "Enter the child's date of birth",
            "Select the year group",
            "Enter the child's home postcode",
            "Select yes if the child is looked after, or no if not",
            "Select the Fair Access category",
            "Enter the evidence for the category",
            "Enter the date of the decision to use the protocol",
        ],
    )
    page = site.page
    page.get_by_label("Child's legal first name").fill("Robin")
    page.get_by_label("Child's legal last name").fill("Fictitious")
    fill_date(site, "date_of_birth", dt.date(2011, 9, 30))
    page.get_by_label("Year group").select_option("9")
    page.get_by_label("Home postcode").fill("le10 0aa")
    page.get_by_role("group", name="Is the child looked after by a local authority?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Homeless", exact=True).check()
    page.get_by_label("Evidence for the category").fill("Fictional: a letter from housing.")
    fill_date(site, "protocol_decided_on", dt.date(2026, 2, 2))
    site.submit("Open the case")
    case = FairAccessCase.objects.get(legal_last_name="Fictitious")
    expect(site.heading).to_have_text(f"Fair Access case {case.reference}")
    # 2 February + 20 school days, the February half term skipped: 9 March.
    expect(page.locator("#clock")).to_contain_text("9 March 2026")

    site.click_link("Record an in-year application")
    page.get_by_label("School applied to").fill("Fictional High School")
    fill_date(site, "applied_on", dt.date(2026, 1, 12))
    page.get_by_label("Refused: the year group is full").check()
    site.submit("Record the application")
    expect(site.success_banner).to_contain_text("in-year application has been recorded")

    site.click_link("Put on a panel agenda")
    fill_date(site, "meets_on", dt.date(2026, 3, 3))
    site.submit("Put on the agenda")
    site.click_link("3 March 2026")  # the panel's agenda
    expect(page.get_by_role("table")).to_contain_text(case.reference)
    site.click_link(case.reference)

    site.click_link("Record the decision")
    table = page.locator("#fairness-table")
    brookvale = table.locator("tr", has_text="Brookvale Academy")
    expect(brookvale).to_contain_text("1100")
    expect(brookvale).to_contain_text("Year 9: 2 (1 excluded)")
    expect(brookvale.locator("td").nth(2)).to_have_text("2")  # Fair Access admissions
    expect(brookvale.locator("td").nth(3)).to_have_text("1")  # excluded-pupil admissions
    expect(brookvale).to_contain_text("0.0 miles")  # the child lives at the school's postcode
    fernhill = table.locator("tr", has_text="Fernhill School")
    expect(fernhill).to_contain_text("Special measures")
    expect(fernhill).to_contain_text("Year 10: 1 (1 excluded)")
    expect(table).not_to_contain_text("Wreake Valley College")  # another partnership's
    page.get_by_role("group", name="Allocated school").get_by_label("Brookvale Academy").check()
    fill_date(site, "allocated_on", dt.date(2026, 3, 3))
    site.submit("Allocate the place")
    expect(site.success_banner).to_contain_text("A place has been allocated at Brookvale Academy")
    expect(page.locator("#clock")).to_contain_text("Allocated in time")

    site.click_link("Record the offer and start")
    fill_date(site, "offered_on", dt.date(2026, 3, 3))
    fill_date(site, "starts_on", dt.date(2026, 3, 9))
    site.submit("Save")
    expect(page.get_by_text("Started at school", exact=True)).to_be_visible()
    site.click_link("decision and allocated school", exact=False)
    expect(page.get_by_label("Subject")).to_have_value(
        f"Fair Access case {case.reference}: place allocated at Brookvale Academy"
    )

    case.refresh_from_db()
    assert (case.status, case.allocated_school, case.starts_on) == (
        Status.STARTED,
        county.school_a,
        dt.date(2026, 3, 9),
    )
    told = Notification.objects.filter(membership=county.memberships["school_a"])
    assert [n.message for n in told] == [
        f"Fair Access case {case.reference}: a place has been allocated at your school"
    ]
    site.follow(page.get_by_role("button", name="Sign out").click)

    # The allocated school sees the case's summary, and only the cases allocated to it.
    site.sign_in_as("school_a")
    site.visit("/fair-access/")
    site.click_link(case.reference)
    expect(page.get_by_text("Robin Fictitious")).to_be_visible()
    expect(page.locator("#fairness-table")).to_have_count(0)


def test_the_panel_meetings_and_closing_a_case_without_a_place(
    site: Site, county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    aware = freeze(monkeypatch, NOW)
    monkeypatch.setattr(timezone, "now", lambda: aware)
    case = fa_case(county, protocol_decided_on=dt.date(2026, 1, 12))  # overdue since 9 February
    at_panel(county, case, dt.date(2026, 2, 12))
    at_panel(county, fa_case(county), dt.date(2026, 3, 12))

    site.sign_in_as("coordinator")
    site.visit("/fair-access/")
    page = site.page
    expect(page.get_by_text("Overdue", exact=True)).to_have_count(1)
    site.click_link("Panel meetings")
    expect(site.heading).to_have_text("Fair Access panel meetings")
    expect(page.get_by_role("table").first).to_contain_text("12 March 2026")
    site.click_link("12 February 2026")
    site.click_link(case.reference)

    site.click_link("Close the case without a place")
    site.submit("Close the case", status=400)
    expect_error_summary(
        site,
        [
            "Select why the case is being closed",
            "Enter the date the case was closed",
            "Enter a note on why the case is being closed",
        ],
    )
    page.get_by_label("Another reason", exact=True).check()
    fill_date(site, "closed_on", dt.date(2026, 3, 2))
    page.get_by_label("Note", exact=True).fill("Fictional: the family has gone abroad for a year.")
    site.submit("Close the case", status=400)
    expect_error_summary(site, ["Enter the other reason for closing the case"])
    page.get_by_label("The other reason (if another reason)").fill("Fictional: moved abroad")
    site.submit("Close the case")
    expect(site.success_banner).to_contain_text(
        f"Fair Access case {case.reference} has been closed"
    )
    expect(page.locator("#closure")).to_contain_text("Reason: Fictional: moved abroad")
    expect(page.get_by_role("link", name="Close the case without a place")).to_have_count(0)

    site.click_link("Back to Fair Access cases")
    expect(page.get_by_text("Overdue", exact=True)).to_have_count(0)
    expect(page.get_by_role("row", name=case.reference, exact=False)).to_contain_text(
        "Closed on 2 March 2026"
    )
    case.refresh_from_db()
    assert (case.status, case.closure_reason) == (Status.CLOSED, "other")
