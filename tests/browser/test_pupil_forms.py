"""Adding and changing pupils and their parents or carers, including every error state."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from inclusion.pupils.validation import build_upn
from tests.browser.site import Site, expect_error_summary
from tests.conftest import County

# What an empty "Add a pupil" form says, in the order of the fields (school staff: the school
# is fixed, so it is not asked). The id is where each error-summary link must move focus.
EMPTY_PUPIL_FORM_ERRORS = [
    ("Enter the pupil's UPN", "id_upn"),
    ("Enter the pupil's legal first name", "id_legal_first_name"),
    ("Enter the pupil's legal last name", "id_legal_last_name"),
    ("Enter the pupil's date of birth", "id_date_of_birth_day"),
    ("Select the pupil's sex", "id_sex_0"),
    ("Select the pupil's year group", "id_nc_year"),
    ("Enter the pupil's home postcode", "id_postcode"),
    ("Select the pupil's special educational needs provision", "id_sen_provision_0"),
    ("Select yes if the pupil is looked after", "id_looked_after_0"),
    ("Select whether consent to share has been given", "id_consent_to_share_0"),
]
# Links to radio buttons: GOV.UK links them to the first radio. These are checked separately,
# in the expected failure below, until the app links them somewhere that exists.
RADIO_ERRORS = [
    (message, anchor) for message, anchor in EMPTY_PUPIL_FORM_ERRORS if anchor[-2:] == "_0"
]
OTHER_ERRORS = [error for error in EMPTY_PUPIL_FORM_ERRORS if error not in RADIO_ERRORS]
NEW_UPN = build_upn(la_code="855", establishment="4001", year=20, serial=901)


def check_error_links_move_focus(site: Site, errors: list[tuple[str, str]]) -> None:
    """Each error-summary link exists, points at its field, and moves focus there."""
    summary = site.error_summary
    for message, field_id in errors:
        link = summary.get_by_role("link", name=message, exact=True)
        expect(link).to_have_attribute("href", f"#{field_id}")
        link.click()
        expect(site.page.locator(f"#{field_id}"), f"link '{message}'").to_be_focused()


def fill_pupil(page: Page, *, upn: str, first: str, last: str) -> None:
    page.get_by_label("Unique pupil number (UPN)").fill(upn)
    page.get_by_label("Legal first name").fill(first)
    page.get_by_label("Legal last name").fill(last)
    date_of_birth = page.get_by_role("group", name="Date of birth")
    date_of_birth.get_by_label("Day").fill("17")
    date_of_birth.get_by_label("Month").fill("5")
    date_of_birth.get_by_label("Year").fill("2012")
    page.get_by_role("group", name="Sex").get_by_label("Female").check()
    page.get_by_label("Year group").select_option(label="Year 9")
    page.get_by_label("Address line 1").fill("1 Mill Lane")
    page.get_by_label("Town or city").fill("Hinckley")
    page.get_by_label("Postcode").fill("le10 1aa")
    page.get_by_role("group", name="Special educational needs provision").get_by_label(
        "No special educational need"
    ).check()
    page.get_by_role("group", name="Is the pupil looked after by a local authority?").get_by_label(
        "No"
    ).check()
    page.get_by_role(
        "group", name="Has a parent or carer consented to sharing the pupil's information?"
    ).get_by_label("Given").check()


def test_add_pupil_form_error_state(site: Site, county: County) -> None:
    site.sign_in_as("school_a")
    site.click_link("Add a pupil")
    expect(site.heading).to_have_text("Add a pupil")
    expect(site.error_summary).to_have_count(0)
    expect(site.page.get_by_label("School on roll")).to_have_count(0)

    site.submit("Save", status=400)
    summary = expect_error_summary(site, [message for message, _ in EMPTY_PUPIL_FORM_ERRORS])
    expect(summary).to_be_focused()
    expect(site.page).to_have_title("Error: Add a pupil \N{EN DASH} Inclusion Partnerships")
    expect(site.page.locator("#id_upn-error")).to_have_text("Error: Enter the pupil's UPN")
    expect(site.page.get_by_label("Unique pupil number (UPN)")).to_have_attribute(
        "aria-describedby", "id_upn-hint id_upn-error"
    )
    check_error_links_move_focus(site, OTHER_ERRORS)


def test_error_summary_links_to_radio_buttons_move_focus(site: Site, county: County) -> None:
    site.sign_in_as("school_a")
    site.visit("/pupils/new/")
    site.submit("Save", status=400)
    check_error_links_move_focus(site, RADIO_ERRORS)


def test_add_pupil_form_rejects_wrong_values(site: Site, county: County) -> None:
    site.sign_in_as("school_a")
    site.visit("/pupils/new/")
    fill_pupil(site.page, upn=county.pupil_a.upn, first="Dana", last="Whitfield")
    date_of_birth = site.page.get_by_role("group", name="Date of birth")
    date_of_birth.get_by_label("Day").fill("31")
    date_of_birth.get_by_label("Month").fill("2")
    site.page.get_by_label("Postcode").fill("LE1 XYZ")
    site.submit("Save", status=400)
    errors = [
        ("Date of birth must be a real date", "id_date_of_birth_day"),
        ("Enter a real postcode, like LE3 8RF", "id_postcode"),
    ]
    expect_error_summary(site, [message for message, _ in errors])
    check_error_links_move_focus(site, errors)
    # What was typed is kept.
    expect(site.page.get_by_label("Legal first name")).to_have_value("Dana")
    expect(date_of_birth.get_by_label("Day")).to_have_value("31")

    date_of_birth.get_by_label("Day").fill("17")
    date_of_birth.get_by_label("Month").fill("5")
    site.page.get_by_label("Postcode").fill("LE10 1AA")
    site.submit("Save", status=400)
    expect_error_summary(
        site,
        [
            "A pupil with this UPN is already recorded. Check the UPN, or ask your partnership "
            "co-ordinator to find the existing record"
        ],
    )


def test_school_staff_add_a_pupil(site: Site, county: County) -> None:
    site.sign_in_as("school_a")
    site.click_link("Find a pupil")
    site.follow(site.page.get_by_role("button", name="Add a pupil").click)
    fill_pupil(site.page, upn=NEW_UPN.lower(), first="Dana", last="Whitfield")
    site.submit("Save")

    banner = site.success_banner
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Dana Whitfield has been added")
    expect(site.heading).to_have_text("Dana Whitfield")
    expect(site.page.locator(".govuk-caption-l")).to_have_text("Brookvale Academy")
    details = site.page.locator(".govuk-summary-list").first
    expect(details).to_contain_text("17 May 2012")
    expect(details).to_contain_text(NEW_UPN)
    expect(details).to_contain_text("LE10 1AA")
    expect(details).to_contain_text("Year 9")

    # The new pupil is listed and found by a search.
    site.click_link("Back to pupils")
    site.page.get_by_label("Search by name or UPN").fill("whitfield")
    site.submit("Apply filters")
    expect(site.page.locator("table.govuk-table tbody tr")).to_have_count(1)
    expect(site.page.locator("table.govuk-table")).to_contain_text("Whitfield, Dana")


def test_coordinator_chooses_the_school(site: Site, county: County) -> None:
    site.sign_in_as("coordinator")
    site.visit("/pupils/new/")
    school = site.page.get_by_label("School on roll")
    expect(school.locator("option")).to_have_text(
        ["Choose a school", "Brookvale Academy", "Fernhill School"]
    )
    site.submit("Save", status=400)
    expect(site.error_summary).to_contain_text("Select the school the pupil is on roll at")
    check_error_links_move_focus(site, [("Select the school the pupil is on roll at", "id_school")])

    fill_pupil(site.page, upn=NEW_UPN, first="Eli", last="Marsh")
    school.select_option(label="Fernhill School")
    site.submit("Save")
    expect(site.success_banner).to_contain_text("Eli Marsh has been added")
    expect(site.page.locator(".govuk-caption-l")).to_have_text("Fernhill School")


def test_change_a_pupils_details(site: Site, county: County) -> None:
    pupil = county.pupil_a
    site.sign_in_as("school_a")
    site.visit(f"/pupils/{pupil.pk}/change/")
    expect(site.heading).to_have_text("Change Amara Osei's details")

    site.page.get_by_label("Legal first name").fill("")
    site.submit("Save", status=400)
    errors = [("Enter the pupil's legal first name", "id_legal_first_name")]
    expect_error_summary(site, [message for message, _ in errors])
    check_error_links_move_focus(site, errors)
    expect(site.page).to_have_title(
        "Error: Change Amara Osei's details \N{EN DASH} Inclusion Partnerships"
    )

    site.page.get_by_label("Legal first name").fill("Amara")
    site.page.get_by_label("Preferred first name (optional)").fill("Ami")
    site.submit("Save")
    expect(site.success_banner).to_contain_text("The pupil's details have been saved")
    expect(site.heading).to_have_text("Ami Osei")
    expect(site.page.locator(".govuk-summary-list").first).to_contain_text("Amara Osei")


def test_add_a_parent_or_carer(site: Site, county: County) -> None:
    pupil = county.pupil_a
    site.sign_in_as("school_a")
    site.visit(f"/pupils/{pupil.pk}/")
    site.follow(site.page.get_by_role("button", name="Add a parent or carer").click)

    site.submit("Save", status=400)
    errors = [
        ("Enter full name", "id_name"),
        ("Enter relationship to the pupil", "id_relationship"),
    ]
    expect_error_summary(
        site,
        [*(message for message, _ in errors), "Select yes if they have parental responsibility"],
    )
    check_error_links_move_focus(site, errors)

    site.page.get_by_label("Full name").fill("Grace Osei")
    site.page.get_by_label("Relationship to the pupil").fill("Mother")
    site.page.get_by_label("Phone number (optional)").fill("12345")
    site.page.get_by_label("Email address (optional)").fill("grace@")
    site.page.get_by_role("group", name="Do they have parental responsibility?").get_by_label(
        "Yes"
    ).check()
    site.submit("Save", status=400)
    expect_error_summary(
        site,
        [
            "Enter a phone number, like 01632 960 001 or 07700 900 982",
            "Enter an email address in the correct format, like name@example.com",
        ],
    )

    site.page.get_by_label("Phone number (optional)").fill("07700 900 982")
    site.page.get_by_label("Email address (optional)").fill("grace@example.org")
    site.submit("Save")
    expect(site.success_banner).to_contain_text("The parent or carer has been added")
    card = site.page.locator(".govuk-summary-card", has_text="Grace Osei")
    expect(card).to_contain_text("Mother")
    expect(card).to_contain_text("07700 900 982")
    expect(
        card.locator(".govuk-summary-list__row", has_text="Parental responsibility")
    ).to_contain_text("Yes")
