"""The service works with JavaScript switched off (DESIGN.md §7: progressive enhancement)."""

from __future__ import annotations

from playwright.sync_api import expect

from inclusion.pupils.validation import build_upn
from tests.browser.site import Site, expect_error_summary
from tests.browser.test_pupil_forms import EMPTY_PUPIL_FORM_ERRORS, OTHER_ERRORS, fill_pupil
from tests.conftest import County


def test_sign_in_search_and_add_a_pupil_without_javascript(
    no_js_site: Site, county: County
) -> None:
    site = no_js_site
    site.visit("/")
    body = site.page.locator("body")
    expect(body).not_to_have_class("govuk-frontend-supported")  # init.js did not run

    site.visit("/account/sign-in/")
    site.submit("Sign in", status=400)
    expect_error_summary(site, ["Enter your email address", "Enter your password"])
    site.sign_in_as("school_a")
    expect(site.heading).to_have_text("Brookvale Academy")
    expect(body).not_to_have_class("govuk-frontend-supported")

    site.click_link("Pupils")
    site.page.get_by_label("Search by name or UPN").fill("osei")
    site.page.get_by_label("Year group").select_option(label="Year 9")
    site.submit("Apply filters")
    rows = site.page.locator("table.govuk-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("Osei, Amara")

    site.follow(site.page.get_by_role("button", name="Add a pupil").click)
    site.submit("Save", status=400)
    expect_error_summary(site, [message for message, _ in EMPTY_PUPIL_FORM_ERRORS])
    # Without JavaScript an error link is a plain in-page link: its target must exist.
    for message, field_id in OTHER_ERRORS:
        link = site.error_summary.get_by_role("link", name=message, exact=True)
        expect(link).to_have_attribute("href", f"#{field_id}")
        expect(site.page.locator(f"#{field_id}")).to_have_count(1)
    site.error_summary.get_by_role("link", name="Enter the pupil's home postcode").click()
    assert site.page.url.endswith("#id_postcode")

    upn = build_upn(la_code="855", establishment="4001", year=20, serial=902)
    fill_pupil(site.page, upn=upn, first="Finn", last="Ashby")
    site.submit("Save")
    expect(site.success_banner).to_contain_text("Finn Ashby has been added")
    expect(site.heading).to_have_text("Finn Ashby")
    expect(site.page.locator(".govuk-summary-list").first).to_contain_text("17 May 2012")

    site.submit("Sign out")
    expect(site.heading).to_have_text("You have signed out")
