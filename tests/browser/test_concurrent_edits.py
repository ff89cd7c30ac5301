"""Two people change the same pupil in two browsers: the later save is refused with both
versions (the page is scanned for accessibility), and goes through from the current version."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.browser.site import Site
from tests.conftest import County


def test_the_later_of_two_edits_is_refused_then_made_from_the_current_version(
    site: Site, new_context: Any, base_url: str, county: County
) -> None:
    other = Site(page=new_context().new_page(), base_url=base_url)
    other.page.set_default_timeout(10_000)
    site.sign_in_as("school_a")
    other.sign_in_as("coordinator")
    url = f"/pupils/{county.pupil_a.pk}/change/"
    site.visit(url)
    other.visit(url)

    site.page.get_by_label("Town or city").fill("Burbage")
    site.submit("Save")
    expect(site.success_banner).to_contain_text("The pupil's details have been saved")
    other.page.get_by_label("Town or city").fill("Barwell")
    other.submit("Save", status=409)

    expect(other.heading).to_have_text(
        "Someone else changed this pupil's record while you were editing it"
    )
    row = other.page.get_by_role("row", name="Town or city")
    expect(row.get_by_role("cell")).to_have_text(["Burbage", "Barwell"])
    other.follow(other.page.get_by_role("button", name="Open the current version").click)
    town = other.page.get_by_label("Town or city")
    expect(town).to_have_value("Burbage")
    town.fill("Barwell")
    other.submit("Save")
    expect(other.success_banner).to_contain_text("The pupil's details have been saved")
