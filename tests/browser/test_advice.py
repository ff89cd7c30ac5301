"""The public advice pages in a browser, signed out (partnership contacts and forum dates, the
support services, guidance, the public dates page and its iCalendar feed), and a co-ordinator
editing guidance with hostile Markdown, reading its history, naming the tiers and setting a
pupil's tier. Every page visited is scanned with axe-core."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.site import Site, expect_error_summary
from tests.conftest import County
from tests.forums.factories import make_meeting

PARTNERSHIP = "Hinckley and Bosworth Partnership"
GUIDANCE = "Inclusion Forums"
HOSTILE = """## Before the forum

Send the referral **two weeks** before the meeting.

<script>document.title = "hacked"; console.error("script ran");</script>

<img src="x" onerror="console.error('handler ran')">

[Forum dates](javascript:console.error('link ran'))

<p onclick="console.error('click ran')">Bring the pupil's views.</p>
"""
# What must not survive the sanitiser: scripts, images and event handlers, script links.
HOSTILE_ELEMENTS = "script, img, [onclick], [onerror], [href^='javascript']"


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def test_public_advice_pages_signed_out(site: Site, county: County) -> None:
    coordinator = county.memberships["coordinator"].user
    soon = make_meeting(
        partnership=county.partnership,
        by=coordinator,
        days_ahead=10,
        location="",
        online_link="https://meet.example.org/secret-forum-link",
    )
    make_meeting(partnership=county.partnership, by=coordinator, days_ahead=-10)
    soon_day = long_date(timezone.localdate(soon.starts_at))
    page = site.page

    site.visit("/")
    site.click_link("advice for schools, partnership contacts and Inclusion Forum dates")
    expect(site.heading).to_have_text("Advice for schools and families")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    expect(page.get_by_role("heading", name=PARTNERSHIP)).to_be_visible()
    expect(page.get_by_role("link", name=GUIDANCE, exact=True)).to_be_visible()

    site.click_link(f"All forum dates and tiers for {PARTNERSHIP}")
    expect(site.heading).to_have_text(PARTNERSHIP)
    dates = page.get_by_role("table", name="Forthcoming meetings, soonest first")
    expect(dates.locator("tbody tr")).to_have_count(1)
    expect(dates).to_contain_text(soon_day)
    expect(dates).to_contain_text("Online")
    expect(page.get_by_text("secret-forum-link")).to_have_count(0)
    expect(page.get_by_text("Tier 4: Programme Management")).to_be_visible()
    feed = page.get_by_role("link", name="Add these dates to your calendar (iCalendar feed)")
    response = page.request.get(site.base_url + str(feed.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = response.text()
    assert calendar.startswith("BEGIN:VCALENDAR"), calendar[:40]
    assert calendar.count("BEGIN:VEVENT") == 1
    assert "secret-forum-link" not in calendar

    site.click_link("Back to advice")
    site.click_link("See the list of support services")
    expect(site.heading).to_have_text("Support services")
    categories = page.get_by_role("navigation", name="Categories of service").get_by_role("link")
    assert categories.count() > 0
    first = categories.first.inner_text()
    categories.first.click()
    expect(page.get_by_role("heading", name=first, level=2)).to_be_in_viewport()

    site.click_link("Back to advice")
    site.click_link(GUIDANCE)
    expect(site.heading).to_have_text(GUIDANCE)
    expect(page.locator(".govuk-caption-l")).to_have_text("Guidance")

    site.visit(f"/forums/dates/{county.partnership.pk}/")
    expect(site.heading).to_have_text("Inclusion Forum dates")
    expect(
        page.get_by_role("table", name="Forthcoming meetings").locator("tbody tr")
    ).to_have_count(1)
    feed = page.get_by_role("link", name="Add these dates to your calendar (iCalendar feed)")
    response = page.request.get(site.base_url + str(feed.get_attribute("href")))
    assert response.headers["content-type"].startswith("text/calendar")


def test_coordinator_edits_guidance_with_hostile_markdown(site: Site, county: County) -> None:
    page = site.page
    site.sign_in_as("coordinator")
    site.visit("/advice/manage/")
    expect(site.heading).to_have_text("Manage advice pages")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=GUIDANCE, exact=True))
    expect(row).to_contain_text("Published")
    expect(row).to_contain_text("(1 version)")
    site.click_link(GUIDANCE)
    expect(site.heading).to_have_text(f"Change {GUIDANCE}")

    page.get_by_label("Text", exact=True).fill("   ")
    site.submit("Save", status=400)
    expect_error_summary(site, ["Enter the text of the page"])

    page.get_by_label("Text", exact=True).fill(HOSTILE)
    page.get_by_label("What did you change? (optional)").fill("Added what to send before")
    site.submit("Preview")
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    preview = page.locator(".app-guidance--preview")
    expect(preview.get_by_role("heading", name="Before the forum")).to_be_visible()
    expect(preview.get_by_text("Bring the pupil's views.")).to_be_visible()
    expect(preview.locator(HOSTILE_ELEMENTS)).to_have_count(0)
    expect(page.get_by_label("Text", exact=True)).to_have_value(HOSTILE)
    assert page.title() != "hacked"

    site.submit("Save")
    expect(site.success_banner).to_contain_text(f"{GUIDANCE} has been saved")
    expect(row).to_contain_text("(2 versions)")

    site.click_link(f"View {GUIDANCE}")
    expect(site.heading).to_have_text(GUIDANCE)
    body = page.locator(".app-guidance")
    expect(body.get_by_role("heading", name="Before the forum")).to_be_visible()
    expect(body.locator(HOSTILE_ELEMENTS)).to_have_count(0)

    site.visit("/advice/manage/")
    site.click_link(f"History of {GUIDANCE}")
    expect(site.heading).to_have_text("Change history")
    versions = page.get_by_role("table", name="Versions").locator("tbody tr")
    expect(versions).to_have_count(2)
    expect(versions.first).to_contain_text("Added what to send before")
    expect(versions.first).to_contain_text(county.memberships["coordinator"].user.full_name)
    site.follow(versions.last.get_by_role("link").click)
    expect(site.heading).to_have_text(GUIDANCE)
    expect(page.locator(".app-guidance").get_by_text("Before the forum")).to_have_count(0)
    site.click_link("Back to the change history")
    site.follow(versions.first.get_by_role("link").click)
    expect(page.locator(".app-guidance script")).to_have_count(0)


def test_coordinator_names_tiers_and_sets_a_pupils_tier(site: Site, county: County) -> None:
    page = site.page
    site.sign_in_as("coordinator")
    site.visit("/advice/manage/")
    site.click_link("Tier names")
    expect(site.heading).to_have_text("Tier names and descriptions")
    name = page.get_by_label("Name of tier 3")
    expect(name).to_have_value("Partnership support")
    name.fill("")
    site.submit("Save tier names", status=400)
    expect_error_summary(site, ["Enter a name for tier 3"])
    name.fill("Partnership plan")
    site.submit("Save tier names")
    expect(site.success_banner).to_contain_text("The tier names have been saved")

    site.visit(f"/pupils/{county.pupil_a.pk}/")
    expect(page.get_by_text("Current tier: none recorded")).to_be_visible()
    site.click_link("Change tier")
    expect(site.heading).to_have_text("Change the pupil's tier")
    site.submit("Record the tier", status=400)
    expect_error_summary(site, ["Select a tier", "Enter why the tier has changed"])
    page.get_by_role("group", name="Tier", exact=True).get_by_label(
        "Tier 3: Partnership plan"
    ).check()
    page.get_by_label("Why has the tier changed?").fill("Agreed with the school at a review")
    site.submit("Record the tier")
    expect(site.success_banner).to_contain_text("The tier has been recorded")
    expect(site.heading).to_have_text("Amara Osei")
    expect(page.get_by_text("Current tier: Tier 3: Partnership plan")).to_be_visible()
