"""Inclusion Forums in a browser: a case without consent is anonymised on the agenda for a
member from another school (checked on the rendered page), and the forum pages — list, meeting,
agenda, attendance, decision, minutes and My actions, with their error states — pass the scan.
Data is set up with the factories; every page visited is scanned with axe-core."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.site import Site, expect_error_summary
from tests.conftest import County
from tests.forums.factories import accepted_referral, decided, make_meeting, schedule, unconsented


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def agenda_text(site: Site) -> str:
    return site.page.locator("main").inner_text()


def test_agenda_is_anonymised_for_a_member_from_another_school(site: Site, county: County) -> None:
    pupil = county.pupil_a
    coordinator = county.memberships["coordinator"].user
    meeting = make_meeting(partnership=county.partnership, by=coordinator, days_ahead=7)
    referral = unconsented(county)
    schedule(meeting, referral, coordinator)
    identity = [
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.upn,
        long_date(pupil.date_of_birth),
        f"{pupil.date_of_birth:%d/%m/%Y}",
        pupil.postcode,
    ]

    # A member from another school of the partnership sees the case, but not who it is.
    for persona in ("school_b", "chair"):
        site.sign_in_as(persona)
        site.visit(f"/forums/{meeting.pk}/")
        case = site.page.get_by_role("region", name="Case 1")
        expect(case.get_by_role("heading", level=3)).to_have_text("Case 1 Anonymised")
        expect(case).to_contain_text(referral.reference)
        expect(case).to_contain_text("Year 9")
        expect(case).to_contain_text("Not shown: the case is anonymised")
        expect(case).to_contain_text("Inclusion Forum discussion, without naming the pupil")
        text = agenda_text(site)
        for detail in identity:
            assert detail.lower() not in text.lower(), f"{persona} sees {detail!r} on the agenda"
        html = site.page.content()
        for detail in identity[:3]:
            assert detail not in html, f"{persona} gets {detail!r} in the agenda's markup"
        site.follow(site.page.get_by_role("button", name="Sign out").click)

    # Staff of the referring school see who the pupil is.
    site.sign_in_as("school_a")
    site.visit(f"/forums/{meeting.pk}/")
    case = site.page.get_by_role("region", name="Case 1: Amara Osei")
    expect(case.get_by_role("heading", level=3)).to_have_text("Case 1: Amara Osei")
    expect(case).to_contain_text(pupil.upn)
    expect(case).to_contain_text("17 May 2012")
    expect(case).to_contain_text("Brookvale Academy")
    expect(case.get_by_text("Anonymised")).to_have_count(0)


def test_coordinator_arranges_a_meeting_error_state(site: Site, county: County) -> None:
    site.sign_in_as("coordinator")
    site.visit("/forums/")
    expect(site.heading).to_have_text("Inclusion Forums")
    expect(site.page.get_by_text("No meetings have been arranged.")).to_be_visible()
    site.follow(site.page.get_by_role("button", name="Arrange a meeting").click)
    expect(site.heading).to_have_text("Arrange a forum meeting")
    site.submit("Arrange the meeting", status=400)
    summary = expect_error_summary(
        site,
        [
            "Enter the date of the meeting",
            "Enter the start time",
            "Enter the end time",
            "Enter a place or an online meeting link",
            "Enter the name of the chair",
        ],
    )
    expect(summary).to_be_focused()

    # Wrong values: a date in the past, an end before the start, a link that is not one.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    date = site.page.get_by_role("group", name="Date", exact=True)
    date.get_by_label("Day").fill(str(yesterday.day))
    date.get_by_label("Month").fill(str(yesterday.month))
    date.get_by_label("Year").fill(str(yesterday.year))
    site.page.get_by_label("Start time").fill("2pm")
    site.page.get_by_label("End time").fill("1pm")
    site.page.get_by_label("Online meeting link").fill("not a link")
    site.page.get_by_label("Chair", exact=True).fill("Chris Chair")
    site.submit("Arrange the meeting", status=400)
    expect_error_summary(
        site,
        [
            "The date of the meeting must be today or in the future",
            "The end time must be after the start time",
            "Enter the online meeting link as a web address, like https://meet.example.org/forum",
        ],
    )
    expect(site.page.get_by_label("Start time")).to_have_value("2pm")


def test_forum_pages_pass_the_scan(site: Site, county: County) -> None:
    coordinator = county.memberships["coordinator"].user
    past, _, _, _ = decided(county, days_ago=2)
    waiting = accepted_referral(county, county.pupil_b)
    schedule(past, waiting, coordinator)
    forthcoming = make_meeting(
        partnership=county.partnership,
        by=coordinator,
        days_ahead=14,
        location="",
        online_link="https://meet.example.org/forum",
    )
    ready = accepted_referral(county)

    site.sign_in_as("coordinator")
    site.click_link("Forums")
    page = site.page
    forthcoming_table = page.get_by_role("table", name="Forthcoming meetings, soonest first")
    expect(forthcoming_table.get_by_role("row")).to_have_count(2)
    expect(forthcoming_table).to_contain_text("Online")
    past_table = page.get_by_role("table", name="Past meetings, latest first")
    expect(past_table.get_by_role("row")).to_have_count(2)

    # A forthcoming meeting: its agenda is built before it starts.
    site.click_link(long_date(timezone.localdate(forthcoming.starts_at)))
    expect(page.get_by_role("link", name="Join the meeting online")).to_be_visible()
    site.follow(page.get_by_role("button", name="Add cases to the agenda").click)
    cases = page.get_by_role("group", name="Cases to add to the agenda")
    # Accepted cases not on another forthcoming agenda: one left undecided at a past meeting.
    expect(cases.get_by_role("checkbox")).to_have_count(2)
    expect(cases).to_contain_text(ready.reference)
    expect(cases).to_contain_text(waiting.reference)
    site.submit("Add to the agenda", status=400)
    expect_error_summary(site, ["Select at least one case to add to the agenda"])
    cases.get_by_label(ready.reference, exact=False).check()
    site.submit("Add to the agenda")
    expect(site.success_banner).to_contain_text("1 case added to the agenda")
    site.click_link("Take off the agenda", exact=False)
    expect(site.heading).to_have_text(f"Take referral {ready.reference} off the agenda?")
    site.click_link("Keep it on the agenda")

    # A past meeting: attendance, decisions and minutes.
    site.visit(f"/forums/{past.pk}/")
    expect(page.get_by_role("button", name="Add cases to the agenda")).to_have_count(0)
    site.follow(page.get_by_role("button", name="Record attendance").click)
    page.get_by_label("Fernhill School", exact=True).check()
    page.get_by_label("Organisation 1", exact=True).fill("Fictional Youth Service")
    site.submit("Save attendance", status=400)
    expect_error_summary(
        site,
        ["Enter who represented Fernhill School", "Enter who represented organisation 1"],
    )
    page.get_by_label("Represented by (Fernhill School)").fill("Fictional Head of Year")
    page.get_by_label("Represented by (organisation 1)").fill("Fictional Youth Worker")
    site.submit("Save attendance")
    expect(site.success_banner).to_contain_text("Attendance has been recorded")

    site.click_link("Record the decision on case 2")
    site.submit("Record the decision", status=400)
    expect_error_summary(site, ["Select the outcome", "Enter the rationale for the decision"])
    page.get_by_role("group", name="Outcome", exact=True).get_by_label("Change of tier").check()
    page.get_by_label("Rationale").fill("Fictional: more support in school first.")
    page.get_by_label("What action 1 is").fill("Fictional: review in six weeks")
    site.submit("Record the decision", status=400)
    expect_error_summary(
        site,
        ["Select the new tier", "Select who owns action 1", "Enter the due date of action 1"],
    )
    site.click_link("Back to the agenda")

    site.click_link("Read the minutes")
    expect(site.heading).to_have_text(f"Minutes of the meeting on {long_date(past.starts_at)}")
    attendance = page.get_by_role(
        "table", name="Organisations that attended and who represented them"
    )
    expect(attendance).to_contain_text("Fictional Head of Year")
    expect(attendance).to_contain_text("Fictional Youth Service")
    expect(page.get_by_role("region", name="Case 1: Amara Osei")).to_contain_text(
        "Advice and a support plan for the school"
    )
    expect(page.get_by_role("region", name="Case 2: Billy Hart")).to_contain_text(
        "No decision has been recorded."
    )
    pdf = page.request.get(site.base_url + f"/forums/{past.pk}/minutes.pdf")
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    site.click_link("Forums")
    site.click_link("My actions")
    expect(site.heading).to_have_text("My actions")


def test_my_actions_flags_overdue_ones(site: Site, county: County) -> None:
    decided(county, days_ago=20, due_in=-3)
    _, _, _, later = decided(county, days_ago=1, due_in=10, pupil=county.pupil_a)
    later.description = "Fictional: ask the family about a visit"
    later.save(update_fields=["description"])

    site.sign_in_as("school_a")
    expect(site.page.get_by_role("listitem").filter(has_text="My actions")).to_contain_text(
        "2 open, 1 overdue"
    )
    site.click_link("My actions")
    expect(site.page.locator("main p .govuk-tag--red")).to_have_text("1 overdue")
    rows = site.page.get_by_role("table", name="Your actions, open ones first").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Overdue")
    expect(rows.nth(1)).to_contain_text("Fictional: ask the family about a visit")
    expect(rows.nth(1)).to_contain_text("Open")

    site.follow(rows.nth(0).get_by_role("link", name="Mark as done", exact=False).click)
    expect(site.page.locator(".govuk-tag--red")).to_have_text("Overdue")
    date = site.page.get_by_role("group", name="Date done")
    for part in ("Day", "Month", "Year"):
        date.get_by_label(part).fill("")
    site.submit("Mark as done", status=400)
    expect_error_summary(site, ["Enter the date the action was done"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    date.get_by_label("Day").fill(str(tomorrow.day))
    date.get_by_label("Month").fill(str(tomorrow.month))
    date.get_by_label("Year").fill(str(tomorrow.year))
    site.submit("Mark as done", status=400)
    expect_error_summary(site, ["The date done must be today or in the past"])
    today = timezone.localdate()
    date.get_by_label("Day").fill(str(today.day))
    date.get_by_label("Month").fill(str(today.month))
    date.get_by_label("Year").fill(str(today.year))
    site.submit("Mark as done")
    expect(site.success_banner).to_contain_text("The action has been marked as done")
    expect(site.page.locator("main p .govuk-tag--red")).to_have_count(0)
    expect(rows.nth(1)).to_contain_text("Done")
