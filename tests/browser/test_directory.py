"""The alternative provider directory in a browser: a co-ordinator lists an unregistered
provider with evidence and a QA visit, and a school finds it with the filters and reads the
judgements area by area. Every page visited is scanned with axe-core."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import FilePayload, Page, expect

from inclusion.providers.qa_template import AREAS
from tests.browser.site import Site, expect_error_summary
from tests.conftest import County

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
TODAY = dt.date.today()
ATTENDANCE_ITEM = next(item for item in AREAS[2].items if item.code == "ad-attendance")


def fill_date(page: Page, group: str, value: dt.date) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(value.day))
    fields.get_by_label("Month").fill(str(value.month))
    fields.get_by_label("Year").fill(str(value.year))


def add_provider(site: Site) -> None:
    page = site.page
    site.visit("/providers/")
    site.follow(page.get_by_role("button", name="Add a provider").click)
    page.get_by_label("Name", exact=True).fill("Riverside Bike Works")
    page.get_by_label("What the provider offers").fill("Bicycle mechanics in a workshop.")
    page.get_by_role("group", name="Offer").get_by_label("Vocational: Motor vehicle").check()
    page.get_by_role("group", name="Key stages").get_by_label("Key stage 4").check()
    for day in ("Monday", "Tuesday", "Wednesday"):
        page.get_by_role("group", name="Days open").get_by_label(day).check()
    page.get_by_label("Opening time").fill("09:00")
    page.get_by_label("Closing time").fill("15:00")
    page.get_by_label("Price in pounds (optional)").fill("95")
    page.get_by_label("The price is").select_option(label="per day")
    page.get_by_role("group", name="Registration status").get_by_label(
        "Unregistered provider"
    ).check()
    site.submit("Save")
    expect(site.heading).to_have_text("Riverside Bike Works")
    expect(page.get_by_text("Being listed in this directory is not an endorsement")).to_be_visible()


def add_site(site: Site) -> None:
    page = site.page
    site.click_link("Add a site")
    site.submit("Save", status=400)
    expect_error_summary(
        site,
        [
            "Enter the site name",
            "Enter address line 1",
            "Enter the town or city",
            "Enter the postcode",
        ],
    )
    page.get_by_label("Site name").fill("Workshop")
    page.get_by_label("Address line 1").fill("Unit 4, Canal Street")
    page.get_by_label("Town or city").fill("Leicester")
    page.get_by_label("Postcode").fill("le1 6zg")
    site.submit("Save")
    expect(page.get_by_text("LE1 6ZG")).to_be_visible()


def add_evidence(site: Site) -> None:
    page = site.page
    site.click_link("Add evidence")
    page.get_by_role("group", name="What is the evidence?").get_by_label(
        "Confirmation of enhanced DBS checks for staff"
    ).check()
    fill_date(page, "Date checked", TODAY - dt.timedelta(days=3))
    fill_date(page, "Expiry date", TODAY + dt.timedelta(days=365))
    page.get_by_label("Upload the evidence (optional)").set_input_files(
        files=FilePayload(name="dbs-confirmation.pdf", mimeType="application/pdf", buffer=PDF)
    )
    site.submit("Add the evidence")
    expect(site.success_banner).to_contain_text("The evidence has been added")
    expect(page.get_by_role("link", name="Download dbs-confirmation.pdf")).to_be_visible()


def record_qa_visit(site: Site) -> None:
    page = site.page
    site.click_link("Record a QA visit")
    site.submit("Record the visit", status=400)
    expect(site.error_summary).to_contain_text("Enter the date of the visit")
    expect(site.error_summary).to_contain_text(f"Select a judgement for “{ATTENDANCE_ITEM.text}”")
    fill_date(page, "Date of the visit", TODAY - dt.timedelta(days=1))
    page.get_by_label("Who visited").fill("J. Patel, Inclusion co-ordinator")
    for radio in page.locator('input[type="radio"][value="met"]').all():
        radio.check()
    item = page.get_by_role("group", name=ATTENDANCE_ITEM.text)
    item.get_by_label("Partly met").check()
    page.get_by_label(f"Evidence seen for “{ATTENDANCE_ITEM.text}” (optional)").fill(
        "Registers kept by day, not by session."
    )
    page.get_by_role("group", name="Overall rating").get_by_label(
        "Partly meets the standards"
    ).check()
    page.get_by_label("Action 1", exact=True).fill("Take attendance every session")
    page.get_by_label("Who will do action 1").fill("Centre manager")
    fill_date(page, "Action 1 due date", TODAY + dt.timedelta(days=14))
    site.submit("Record the visit")
    expect(site.success_banner).to_contain_text("The QA visit has been recorded")


def test_coordinator_lists_a_provider_and_a_school_reads_its_qa(site: Site, county: County) -> None:
    site.sign_in_as("coordinator")
    add_provider(site)
    add_site(site)
    add_evidence(site)
    site.click_link("Back to Riverside Bike Works")
    record_qa_visit(site)
    site.page.get_by_role("button", name="Sign out").click()

    site.sign_in_as("school_a")
    site.click_link("Providers")
    page = site.page
    page.get_by_role("group", name="Registration status").get_by_label(
        "Unregistered provider"
    ).check()
    page.get_by_role("group", name="Offer").get_by_label("Vocational: Motor vehicle").check()
    page.get_by_label("Distance from postcode").fill("LE3 8RR")
    page.get_by_label("Within").select_option(label="5 miles")
    site.submit("Apply filters")
    results = page.locator(".app-result")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Riverside Bike Works")
    expect(results).to_contain_text("miles away")
    expect(results).to_contain_text("Partly meets the standards")
    site.click_link("Riverside Bike Works")
    site.click_link("Quality assurance reports")
    site.click_link(f"{(TODAY - dt.timedelta(days=1)).day}", exact=False)
    for area in AREAS:
        expect(page.get_by_role("heading", name=area.title, level=2)).to_be_visible()
    row = page.get_by_role("row", name=ATTENDANCE_ITEM.text, exact=False)
    expect(row).to_contain_text("Partly met")
    expect(row).to_contain_text("Registers kept by day, not by session.")
    expect(
        page.get_by_role("row", name="Take attendance every session", exact=False)
    ).to_contain_text("Open")
    expect(page.get_by_role("link", name="Mark as done", exact=False)).to_have_count(0)


def test_manager_pages_pass_the_scan(site: Site, county: County) -> None:
    site.sign_in_as("la_officer")
    site.click_link("Registration test: unregistered providers by headroom")
    expect(site.heading).to_be_visible()
    site.visit("/")
    site.click_link("Import schools and registered AP from GIAS")
    site.submit("Upload and check the file", status=400)
    site.visit("/providers/evidence/expiring/")
    site.visit(f"/providers/{county.provider.pk}/")
    site.click_link("Change details")
    site.visit(f"/providers/{county.provider.pk}/")
    site.click_link("Add a contact")
    site.submit("Save", status=400)
