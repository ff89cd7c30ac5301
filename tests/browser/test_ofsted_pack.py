"""Issue 7's acceptance journey for the Ofsted evidence pack in a browser: the school's lead
opens the pack from the home page, sees the pupil's missing visit highlighted as a gap, and
downloads the pack as a PDF. Today is fixed for the server and the test (the live server runs in
this process). The figures themselves are checked in tests/reports/test_ofsted_pack.py."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.site import Site
from tests.conftest import County
from tests.reports.factories_ofsted import TODAY, amara_placed


def test_a_school_lead_downloads_the_ofsted_pack_as_a_pdf(
    site: Site, county: County, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    amara_placed(county)

    site.sign_in_as("school_a")
    site.click_link("Ofsted evidence pack")
    expect(site.heading).to_have_text(f"Ofsted evidence pack: {county.school_a.name}")
    card = site.page.locator(".govuk-summary-card", has_text="Amara Osei")
    expect(card).to_contain_text("1 gap")
    expect(card.get_by_role("row", name="Evidence of staff visits")).to_contain_text(
        "Gap No visit this half term (last visit 10 February 2026)"
    )

    with site.page.expect_download() as started:
        site.page.get_by_role("link", name="Download the pack (PDF)").click()
    download = started.value
    assert download.suggested_filename == (
        f"ofsted-ap-pack-{county.school_a.urn}-{TODAY.isoformat()}.pdf"
    )
    path = download.path()
    assert path.read_bytes().startswith(b"%PDF")
