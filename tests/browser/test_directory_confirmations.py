"""What provider staff send and managers confirm, in a browser: a registration change, evidence
with its file, a QA action closed, a contact removed, and a GIAS file with a bad row imported
only as far as its valid rows. Every page visited is scanned with axe-core."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import FilePayload, expect

from inclusion.providers.models import QaAction
from inclusion.providers.services import gias as gias_services
from tests.browser.site import Site
from tests.browser.test_directory import PDF, fill_date
from tests.conftest import County
from tests.factories import ProviderContactFactory, qa_visit

FIXTURES = Path(__file__).resolve().parents[1] / "providers" / "fixtures"
TODAY = dt.date.today()


def test_provider_staff_send_and_a_coordinator_confirms(site: Site, county: County) -> None:
    page = site.page
    site.sign_in_as("provider")
    site.click_link("Your provider's record")
    expect(site.heading).to_have_text("Skills Barn")
    site.click_link("Ask to change your registration")
    page.get_by_role("group", name="Registration status").get_by_label(
        "Registered independent school"
    ).check()
    page.get_by_label("URN").fill("123456")
    page.get_by_label("What has changed").fill("Registered with the DfE this term.")
    site.submit("Save")
    expect(page.get_by_text("is awaiting confirmation")).to_be_visible()

    site.click_link("Add evidence")
    page.get_by_role("group", name="What is the evidence?").get_by_label("Fire safety").check()
    fill_date(page, "Date checked", TODAY - dt.timedelta(days=1))
    fill_date(page, "Expiry date", TODAY + dt.timedelta(days=365))
    page.get_by_label("Upload the evidence").set_input_files(
        files=FilePayload(name="fire-check.pdf", mimeType="application/pdf", buffer=PDF)
    )
    site.submit("Send the evidence")
    expect(site.success_banner).to_contain_text("It will count once")
    page.get_by_role("button", name="Sign out").click()

    site.sign_in_as("coordinator")
    expect(page.get_by_text("1 item of evidence is awaiting confirmation")).to_be_visible()
    site.click_link("See evidence expiring, expired and awaiting confirmation")
    site.click_link("Review Fire safety from Skills Barn")
    page.get_by_role("group", name="Do you confirm this evidence?").get_by_label(
        "Yes, confirm it"
    ).check()
    site.submit("Save the decision")
    site.visit(f"/providers/{county.provider.pk}/")
    site.click_link("Review the change")
    page.get_by_role("group", name="Do you confirm this change?").get_by_label(
        "Yes, confirm the change"
    ).check()
    site.submit("Save the decision")
    expect(page.locator(".govuk-caption-l")).to_contain_text("URN 123456")


def test_coordinator_closes_an_action_and_removes_a_contact(site: Site, county: County) -> None:
    visit = qa_visit(provider=county.provider, visited_on=TODAY - dt.timedelta(days=10))
    QaAction.objects.create(
        visit=visit, description="Renew the first aid certificate", owner="Manager", due_on=TODAY
    )
    ProviderContactFactory.create(provider=county.provider, name="Pat Former", kind="other")
    page = site.page
    site.sign_in_as("coordinator")
    site.visit(f"/providers/qa/{visit.pk}/")
    site.click_link("Renew the first aid certificate", exact=False)
    site.submit("Mark as done")
    expect(
        page.get_by_role("row", name="Renew the first aid certificate", exact=False)
    ).to_contain_text("Done")
    site.visit(f"/providers/{county.provider.pk}/")
    site.click_link("Change Pat Former")
    site.visit(f"/providers/{county.provider.pk}/")
    site.click_link("Remove Pat Former")
    site.submit("Remove the contact")
    expect(site.success_banner).to_contain_text("Pat Former has been removed")


def test_la_officer_imports_only_the_valid_rows_of_a_gias_file(
    site: Site, county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The import runs at once in the request's thread instead of a background thread.
    monkeypatch.setattr(gias_services, "queue_import", gias_services.process_job)
    page = site.page
    site.sign_in_as("la_officer")
    site.click_link("Import schools and registered AP from GIAS")
    page.get_by_label("Upload the GIAS file").set_input_files(
        FIXTURES / "edubasealldata_bad_row.csv"
    )
    site.submit("Upload and check the file")
    expect(page.get_by_role("button", name="Import only the valid rows")).to_be_visible()
    site.submit("Import only the valid rows")
    expect(page.locator("main .govuk-tag")).to_have_text("Imported")
