"""The other pages of Tier 4 Programme Management in a browser: the placements list and its
filters, a pupil's placements with the part-time warning and agreement, the Virtual School step
for a looked-after pupil, the LA officer's compliance override, the education plan with targets
and reviews and the list of reviews due, the provider's progress notes and incidents, the
Standard Risk Assessment's versions and review, and the money pages. Each page type is also
submitted empty to check its error summary. Data is set up with the factories; every page
visited is scanned with axe-core."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from playwright.sync_api import Locator, expect

from inclusion.organisations.models import LocalAuthority
from inclusion.placements.models import Placement, ProviderNote, RiskAssessment
from inclusion.providers.models import Provider, ProviderSite
from tests.browser.site import Site, expect_error_summary
from tests.browser.test_placements import (
    compliant,
    fill_date,
    long_date,
    menu,
    press,
    sign_out,
)
from tests.conftest import County
from tests.factories import ProviderFactory, ProviderSiteFactory, PupilFactory
from tests.placements.factories_placements import make_placement, signed_assessment
from tests.placements.factories_plans import EducationPlanFactory, TargetFactory
from tests.placements.factories_provider import provider_placement
from tests.placements.factories_risk import risk_assessment

Status = Placement.Status
Category = Placement.Category


def today() -> dt.date:
    return timezone.localdate()


def barn(county: County) -> Provider:
    return compliant(county.provider)


def site_at(provider: Provider, name: str = "The yard") -> ProviderSite:
    return ProviderSiteFactory.create(provider=provider, name=name, town="Hinckley")


def tag_after_heading(site: Site) -> str:
    return site.page.locator("h1 + p .govuk-tag").first.inner_text().strip()


def task(site: Site, name: str) -> Locator:
    return site.page.locator(".govuk-task-list__item").filter(
        has=site.page.locator(".govuk-task-list__name-and-hint", has_text=name)
    )


# The list, a pupil's placements, and the placement's own forms --------------------------------


def test_the_list_filters_and_a_pupils_placements(site: Site, county: County) -> None:
    coordinator = county.memberships["coordinator"]
    yard = site_at(barn(county))
    farm = site_at(compliant(ProviderFactory.create(name="Elsewhere Farm")), "Top field")
    started = today() - dt.timedelta(days=21)
    active = make_placement(
        pupil=county.pupil_a,
        site=yard,
        by=coordinator,
        status=Status.ACTIVE,
        hours=15,
        start_date=started,
        programme_management=True,
        price=50,
        price_unit=Placement.PriceUnit.DAY,
    )
    proposed = make_placement(
        pupil=county.pupil_b,
        site=farm,
        by=coordinator,
        status=Status.PROPOSED,
        category=Category.SHORT_TERM,
        hours=6,
    )
    make_placement(
        pupil=county.pupil_a,
        site=farm,
        by=coordinator,
        status=Status.ENDED,
        start_date=today() - dt.timedelta(days=200),
        end_date=today() - dt.timedelta(days=60),
        hours=10,
    )

    site.sign_in_as("coordinator")
    menu(site, "Placements")
    page = site.page
    expect(page.get_by_role("status")).to_have_text("3 placements")
    table = page.get_by_role("table", name="Placements, newest first", exact=False)
    expect(table.locator("tbody tr")).to_have_count(3)
    filters = page.get_by_role("search", name="Filter placements")
    filters.get_by_label("Status").select_option(label="Active")
    site.submit("Apply filters")
    expect(page.get_by_role("status")).to_have_text("1 placement match your filters")
    expect(table.locator("tbody tr")).to_contain_text(["Amara Osei"])
    expect(table.locator("tbody tr").first).to_contain_text("Tier 4")
    expect(table.locator("tbody tr").first).to_contain_text("15 hours")
    site.click_link("Clear filters")
    filters.get_by_label("Provider").select_option(label="Elsewhere Farm")
    filters.get_by_label("School").select_option(label="Fernhill School")
    site.submit("Apply filters")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr").first).to_contain_text("Billy Hart")
    expect(table.locator("tbody tr").first).to_contain_text("Proposed")
    filters.get_by_label("Ofsted category").select_option(value="a")
    site.submit("Apply filters")
    expect(
        page.get_by_text("No placements match. Try other filters, or clear them.")
    ).to_be_visible()
    # A filter value that is not in the list says so.
    site.visit("/placements/?status=finished", status=400)
    expect_error_summary(site, ["Select a status from the list"])

    # The placement's timetable and ending it, with their error states.
    site.visit(f"/placements/{active.pk}/")
    expect(page.get_by_role("table", name="Weekly sessions: 15 hours a week")).to_be_visible()
    site.click_link("Change the timetable")
    site.submit("Add the session", status=400)
    expect_error_summary(site, ["Select the day", "Enter the start time", "Enter the end time"])
    page.get_by_role("group", name="Day").get_by_label("Friday").check()
    page.get_by_label("Start time").fill("13:00")
    page.get_by_label("End time").fill("half past nine")
    site.submit("Add the session", status=400)
    expect_error_summary(site, ["Enter the end time as a time, like 09:30"])
    site.click_link("Go back to the placement")
    press(site, "End the placement")
    expect(site.heading).to_have_text("End the placement")
    site.submit("End the placement", status=400)
    expect_error_summary(
        site, ["Select why the placement ended", "Enter the date the placement ended"]
    )
    site.click_link("Cancel and go back to the placement")

    # A proposed placement's details can still change.
    site.visit(f"/placements/{proposed.pk}/")
    site.click_link("Change the placement's details")
    expect(site.heading).to_have_text("Change the placement's details")
    page.get_by_label("Purpose of the placement").fill("")
    site.submit("Save the details", status=400)
    expect_error_summary(site, ["Enter the purpose of the placement"])
    page.get_by_label("Purpose of the placement").fill("Fictional: two mornings of horticulture.")
    site.submit("Save the details")
    expect(site.success_banner).to_contain_text("The placement's details have been saved")
    expect(page.locator("main")).to_contain_text("Fictional: two mornings of horticulture.")
    sign_out(site)

    # The school: the pupil's part-time timetable needs agreeing.
    site.sign_in_as("school_a")
    site.visit(f"/pupils/{county.pupil_a.pk}/")
    section = page.locator("main")
    expect(section).to_contain_text("Agreed and active placements: 15 hours of 25 hours a week.")
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        "Part-time timetable: it needs agreeing, with a date to review it."
    )
    site.click_link(f"All placements of {county.pupil_a.display_name}")
    expect(site.heading).to_have_text("Placements")
    current = page.get_by_role("table", name="Current placements")
    expect(current.locator("tbody tr")).to_have_count(1)
    expect(current).to_contain_text("Skills Barn: The yard")
    ended = page.get_by_role("table", name="Ended placements")
    expect(ended.locator("tbody tr")).to_have_count(1)
    expect(ended).to_contain_text("Elsewhere Farm: Top field")
    site.click_link("Agree the part-time timetable")
    expect(site.heading).to_have_text("Agree a part-time timetable")
    site.submit("Record the agreement", status=400)
    expect_error_summary(
        site,
        [
            "Enter the date to review the part-time timetable",
            "Confirm that the part-time timetable has been agreed",
        ],
    )
    review_on = today() + dt.timedelta(days=42)
    fill_date(page, "Date to review the part-time timetable", review_on)
    page.get_by_label(
        "The part-time timetable has been agreed with the pupil's parent or carer"
    ).check()
    site.submit("Record the agreement")
    expect(site.success_banner).to_contain_text("The part-time timetable has been agreed")
    expect(page.locator("main")).to_contain_text(
        f"Part-time timetable agreed, to be reviewed on {long_date(review_on)}."
    )

    # A placement the school commissions itself: its form, empty.
    site.click_link("Set up a placement commissioned by the school")
    expect(site.heading).to_have_text("Set up a placement commissioned by the school")
    site.submit("Set up the placement", status=400)
    expect_error_summary(
        site,
        [
            "Select the provider and site",
            "Select the Ofsted category",
            "Enter the purpose of the placement",
            "Enter the objectives of the placement",
            "Enter the start date",
            "Enter the target end date",
            "Enter the school's commissioning agreement",
        ],
    )
    assert Placement.objects.filter(commissioner=Placement.Commissioner.SCHOOL).count() == 0


# The guards' pages ---------------------------------------------------------------------------


def test_the_virtual_school_step_for_looked_after_pupils(site: Site, county: County) -> None:
    coordinator = county.memberships["coordinator"]
    yard = site_at(barn(county))
    ours = PupilFactory.create(
        school=county.school_a,
        legal_first_name="Lena",
        legal_last_name="Marsh",
        looked_after=True,
        care_la=county.la,
    )
    elsewhere = LocalAuthority.objects.exclude(pk=county.la.pk).order_by("name").first()
    assert elsewhere is not None
    theirs = PupilFactory.create(
        school=county.school_a,
        legal_first_name="Theo",
        legal_last_name="Grant",
        looked_after=True,
        care_la=elsewhere,
    )
    approve = make_placement(pupil=ours, site=yard, by=coordinator, status=Status.AGREED, hours=25)
    tell = make_placement(pupil=theirs, site=yard, by=coordinator, status=Status.AGREED, hours=25)
    waiting = (
        f"This placement cannot become active until the Virtual School of {county.la.name} "
        "approves it"
    )

    # The co-ordinator cannot start a placement of Leicestershire's child before its approval.
    site.sign_in_as("coordinator")
    page = site.page
    site.visit(f"/placements/{approve.pk}/")
    step = task(site, "Virtual School")
    expect(step.locator(".govuk-task-list__status")).to_have_text("Stops it starting")
    expect(step).to_contain_text(waiting)
    expect(step.get_by_role("link")).to_have_count(0)
    press(site, "Start the placement")
    site.submit("Start the placement", status=400)
    expect_error_summary(site, [waiting])
    site.visit(f"/placements/{approve.pk}/virtual-school/")
    expect(page.locator(".govuk-inset-text").first).to_contain_text(
        f"Only the Virtual School of {county.la.name} can approve this placement"
    )

    # Another authority's child: the co-ordinator records that its Virtual School was told.
    site.visit(f"/placements/{tell.pk}/")
    site.follow(task(site, "Virtual School").get_by_role("link").click)
    expect(site.heading).to_have_text("Record that the Virtual School was told")
    site.submit("Record that the Virtual School was told", status=400)
    expect_error_summary(site, ["Enter who you told at the Virtual School, when and how"])
    page.get_by_label("Who did you tell, when and how?").fill(
        "Fictional: e-mailed the Virtual School head on Monday"
    )
    site.submit("Record that the Virtual School was told")
    expect(site.success_banner).to_contain_text("The Virtual School step has been recorded")
    expect(task(site, "Virtual School").locator(".govuk-task-list__status")).to_have_text("Done")
    sign_out(site)

    # The Virtual School approves its own child's placement.
    site.sign_in_as("virtual_school")
    menu(site, "Placements")
    # Only the placements of the authority's own children in care.
    expect(page.get_by_role("status")).to_have_text("1 placement")
    site.click_link("Lena Marsh", exact=False)
    site.follow(task(site, "Virtual School").get_by_role("link").click)
    expect(site.heading).to_have_text("Approve the placement")
    page.get_by_label("Note (optional)").fill("Fictional: approved at the panel.")
    site.submit("Approve the placement")
    expect(site.success_banner).to_contain_text("The Virtual School step has been recorded")
    expect(task(site, "Virtual School")).to_contain_text("Approved")
    sign_out(site)

    site.sign_in_as("coordinator")
    site.visit(f"/placements/{approve.pk}/")
    press(site, "Start the placement")
    site.submit("Start the placement")
    expect(site.success_banner).to_contain_text("The placement is now active")
    approve.refresh_from_db()
    assert approve.status == Status.ACTIVE


def test_an_la_officer_overrides_lapsed_compliance(site: Site, county: County) -> None:
    lapsed = ProviderFactory.create(
        name="Lapsed Lodge", evidence_expires_on=today() - dt.timedelta(days=3)
    )
    placement = make_placement(
        pupil=county.pupil_a,
        site=site_at(lapsed, "Lodge"),
        by=county.memberships["coordinator"],
        hours=25,
    )
    refused = (
        "Lapsed Lodge's compliance evidence has lapsed, so the placement cannot be agreed "
        "unless a local authority officer overrides this with a reason"
    )

    site.sign_in_as("coordinator")
    page = site.page
    site.visit(f"/placements/{placement.pk}/")
    compliance = task(site, "Provider compliance")
    expect(compliance.locator(".govuk-task-list__status")).to_have_text("Stops it being agreed")
    press(site, "Agree the placement")
    expect(page.locator(".govuk-warning-text")).to_contain_text(refused)
    site.submit("Agree the placement", status=400)
    expect_error_summary(site, [refused])
    sign_out(site)

    site.sign_in_as("la_officer")
    site.visit(f"/placements/{placement.pk}/")
    site.follow(task(site, "Provider compliance").get_by_role("link").click)
    expect(site.heading).to_have_text("Override the provider's lapsed compliance")
    site.submit("Override the lapsed compliance", status=400)
    expect_error_summary(
        site,
        ["Enter why the placement may go ahead although the provider's compliance has lapsed"],
    )
    page.get_by_label("Why may the placement go ahead?").fill(
        "Fictional: DBS checks seen on site today; renewal booked for next week."
    )
    site.submit("Override the lapsed compliance")
    expect(site.success_banner).to_contain_text("The lapsed compliance has been overridden")
    compliance = task(site, "Provider compliance")
    expect(compliance.locator(".govuk-task-list__status")).to_have_text("Overridden")
    expect(compliance).to_contain_text("DBS checks seen on site today")
    sign_out(site)

    site.sign_in_as("coordinator")
    site.visit(f"/placements/{placement.pk}/")
    press(site, "Agree the placement")
    site.submit("Agree the placement")
    expect(site.success_banner).to_contain_text("The placement has been agreed")


# The education plan ---------------------------------------------------------------------------


def test_the_education_plan_and_reviews_due(site: Site, county: County) -> None:
    school = county.memberships["school_a"]
    yard = site_at(barn(county))
    started = today() - dt.timedelta(days=28)
    placement = make_placement(
        pupil=county.pupil_a,
        site=yard,
        by=school,
        status=Status.ACTIVE,
        hours=25,
        start_date=started,
    )
    # Another pupil's plan whose review is overdue.
    late = make_placement(
        pupil=PupilFactory.create(
            school=county.school_a, legal_first_name="Owen", legal_last_name="Late"
        ),
        site=yard,
        by=school,
        status=Status.ACTIVE,
        hours=25,
    )
    overdue_on = today() - dt.timedelta(days=5)
    TargetFactory.create(
        plan=EducationPlanFactory.create(
            placement=late, next_review_on=overdue_on, created_by=school.user
        )
    )

    site.sign_in_as("school_a")
    page = site.page
    site.visit(f"/placements/{placement.pk}/")
    site.click_link("Education plan and reviews")
    expect(site.heading).to_have_text("Education plan")
    press(site, "Make the plan")
    expect(site.heading).to_have_text("Make an education plan")
    page.get_by_label("How often is the plan reviewed, in school weeks?").fill("")
    site.submit("Save the plan", status=400)
    expect_error_summary(
        site,
        [
            "Enter the pupil's attainment at the start of the placement",
            "Enter the pupil's attendance as a percentage",
            "Enter the pupil's behaviour at the start of the placement",
            "Enter the pupil's wellbeing at the start of the placement",
            "Enter how often the plan is reviewed, in school weeks",
        ],
    )
    page.get_by_label("Attainment").fill("Fictional: working towards the expected standard.")
    page.get_by_label("Attendance (%)").fill("74.5")
    page.get_by_label("Behaviour").fill("Fictional: two suspensions this year.")
    page.get_by_label("Wellbeing").fill("Fictional: low mood; sees the counsellor weekly.")
    page.get_by_label("How often is the plan reviewed, in school weeks?").fill("6")
    site.submit("Save the plan")
    expect(site.success_banner).to_contain_text("The plan has been made. The next review is due on")
    expect(page.get_by_text("No targets have been set yet.")).to_be_visible()

    press(site, "Add a target")
    expect(site.heading).to_have_text("Add a target")
    site.submit("Save the target", status=400)
    expect_error_summary(
        site,
        [
            "Enter the target",
            "Enter how progress will be measured",
            "Enter the date the target is due",
        ],
    )
    page.get_by_label("Target", exact=True).fill("Fictional: attend every session for 4 weeks")
    page.get_by_label("How will progress be measured?").fill("The provider's register")
    fill_date(page, "Due date", today() + dt.timedelta(days=28))
    site.submit("Save the target")
    expect(site.success_banner).to_contain_text("The target has been added")
    targets = page.get_by_role("table", name="SMART targets")
    expect(targets.locator("tbody tr")).to_have_count(1)
    expect(targets).to_contain_text("Not reviewed yet")
    site.click_link("Change target 1")
    expect(site.heading).to_have_text("Change a target")
    page.get_by_label("How will progress be measured?").fill("The provider's attendance register")
    site.submit("Save the target")
    expect(site.success_banner).to_contain_text("The target has been changed")
    expect(targets).to_contain_text("The provider's attendance register")
    # A target set in error is removed (before any progress is recorded against it).
    press(site, "Add a target")
    page.get_by_label("Target", exact=True).fill("Fictional: a target set in error")
    page.get_by_label("How will progress be measured?").fill("Fictional")
    fill_date(page, "Due date", today() + dt.timedelta(days=14))
    site.submit("Save the target")
    site.click_link("Remove target 2")
    expect(site.heading).to_have_text("Remove this target?")
    site.submit("Remove the target")
    expect(site.success_banner).to_contain_text("The target has been removed")
    expect(targets.locator("tbody tr")).to_have_count(1)

    press(site, "Record a review")
    expect(site.heading).to_have_text("Record a review")
    site.submit("Record the review", status=400)
    expect_error_summary(
        site,
        [
            "Enter the date of the review",
            "Enter who attended the review",
            "Select the progress towards target 1",
            "Select the decision",
        ],
    )
    fill_date(page, "Date of the review", today())
    page.get_by_label("Who attended").fill("Fictional: Head of Year 9; the pupil; the key worker")
    page.get_by_role("group", name="Progress towards target 1").get_by_label(
        "Good progress"
    ).check()
    page.get_by_label("Note on target 1 (optional)").fill("Fictional: missed one session.")
    page.get_by_label("The pupil's voice (optional)").fill("Fictional: 'I like the workshop.'")
    page.get_by_role("group", name="Decision").get_by_label("Continue", exact=True).check()
    site.submit("Record the review")
    expect(site.success_banner).to_contain_text(
        "The review has been recorded. The next review is due on"
    )
    expect(site.heading).to_have_text(f"Review on {long_date(today())}")
    progress = page.get_by_role("table", name="Progress towards each target at this review")
    expect(progress).to_contain_text("Good progress (4 of 5)")
    expect(progress).to_contain_text("Fictional: missed one session.")
    site.click_link("Back to the education plan")
    expect(page.get_by_role("table", name="Reviews so far, latest first")).to_contain_text(
        "Continue"
    )
    expect(page.get_by_role("table", name="SMART targets")).to_contain_text("Good progress")

    # The overdue review is on the school's list and the co-ordinator's.
    site.visit("/")
    site.click_link("Reviews overdue and due soon")
    expect(site.heading).to_have_text("Reviews overdue and due soon")
    rows = page.get_by_role("table").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Owen Late")
    expect(rows.first).to_contain_text(long_date(overdue_on))
    expect(rows.first).to_contain_text("Overdue")
    sign_out(site)

    site.sign_in_as("coordinator")
    site.click_link("Reviews overdue and due soon")
    row = page.get_by_role("table").locator("tbody tr").filter(has_text="Owen Late")
    expect(row).to_contain_text("Brookvale Academy")
    expect(row).to_contain_text("Overdue")


# The provider's notes and incidents -----------------------------------------------------------


def test_a_provider_records_a_note_and_an_incident(site: Site, county: County) -> None:
    placement = provider_placement(county, with_referral=True, hours=15)

    site.sign_in_as("provider")
    page = site.page
    site.click_link("Pupils placed with you")
    site.click_link("Information pack", exact=False)
    expect(
        page.get_by_text("No progress notes or incidents have been recorded yet.")
    ).to_be_visible()
    site.click_link("Record a progress note or incident")
    expect(site.heading).to_have_text("Record a progress note or incident")
    site.submit("Save", status=400)
    expect_error_summary(
        site, ["Select whether this is a progress note or an incident", "Enter what happened"]
    )
    kind = page.get_by_role("group", name="What are you recording?")
    kind.get_by_label("Progress note").check()
    page.get_by_label("What happened").fill("Fictional: finished the fencing task.")
    site.submit("Save")
    expect(site.success_banner).to_contain_text("The progress note has been recorded")

    site.click_link("Record a progress note or incident")
    kind.get_by_label("Incident").check()
    page.get_by_label("What happened").fill("Fictional: left the site without permission at 1pm.")
    site.submit("Save", status=400)
    expect_error_summary(site, ["Enter the action taken"])
    page.get_by_label("Action taken (for an incident)").fill(
        "Fictional: phoned the school's DSL and the parent at once."
    )
    site.submit("Save")
    expect(site.success_banner).to_contain_text(
        "The incident has been recorded and the school and the partnership told"
    )
    notes = page.get_by_role("table", name="Progress notes and incidents")
    expect(notes.locator("tbody tr")).to_have_count(2)
    assert ProviderNote.objects.filter(placement=placement).count() == 2
    sign_out(site)

    site.sign_in_as("school_a")
    site.visit(f"/placements/{placement.pk}/")
    site.click_link("Progress notes and incidents from the provider")
    expect(site.heading).to_have_text("Progress notes and incidents")
    table = page.get_by_role("table", name="Notes and incidents, latest first")
    incident = table.locator("tbody tr").filter(has_text="Incident")
    expect(incident).to_have_count(1)
    expect(incident).to_contain_text("Fictional: left the site without permission at 1pm.")
    expect(incident).to_contain_text("Fictional: phoned the school's DSL and the parent at once.")
    site.click_link("See the information pack the provider sees")
    expect(page.get_by_role("region", name="Preview")).to_contain_text(
        "This is what Skills Barn sees about this pupil, and nothing more."
    )


# The Standard Risk Assessment -----------------------------------------------------------------


def test_risk_assessment_versions_and_review(site: Site, county: County) -> None:
    school = county.memberships["school_a"]
    first = risk_assessment(
        pupil=county.pupil_a,
        by=school.user,
        state="signed",
        signed_by=county.memberships["coordinator"].user,
    )
    review_on = today() + dt.timedelta(days=60)

    site.sign_in_as("school_a")
    page = site.page
    site.visit(f"/pupils/{county.pupil_a.pk}/")
    site.click_link("Standard Risk Assessment")
    versions = page.get_by_role("table", name="Versions, newest first")
    expect(versions.locator("tbody tr")).to_have_count(1)
    expect(versions.locator("tbody tr").first).to_contain_text("Signed off")
    site.click_link("Version 1")
    expect(site.heading).to_have_text("Risk assessment, version 1")
    expect(
        page.get_by_text("This version has been signed off and cannot be changed.")
    ).to_be_visible()
    site.click_link("Review version 1")
    expect(site.heading).to_have_text("Review version 1 of the risk assessment")
    site.submit("Start version 2")
    expect(site.success_banner).to_contain_text(
        "Version 2 has been started from version 1. Check every hazard and set a new review date"
    )
    expect(site.heading).to_have_text("Risk assessment, version 2")
    likelihood = page.get_by_role("combobox", name="Likelihood for “Risk to self”", exact=True)
    expect(likelihood).to_have_value("2")  # copied from version 1

    # A high rating without control measures, and an overall rating below it.
    likelihood.select_option("5")
    page.get_by_role("combobox", name="Severity for “Risk to self”", exact=True).select_option("5")
    site.submit("Save as draft", status=400)
    expect_error_summary(
        site,
        [
            "Enter the control measures for “Risk to self”, which is rated high",
            "The overall rating cannot be lower than the highest hazard rating, high",
        ],
    )
    page.get_by_role("textbox", name="Control measures for “Risk to self”", exact=True).fill(
        "Fictional: daily check-in with the key worker; safety plan shared."
    )
    page.get_by_role("textbox", name="Owner for “Risk to self”", exact=True).fill(
        "Designated safeguarding lead"
    )
    page.get_by_role("group", name="Overall rating").get_by_label("High", exact=True).check()
    fill_date(page, "Review date", review_on)
    site.submit("Save and complete")
    expect(site.heading).to_have_text("Complete version 2 of the risk assessment")
    site.submit("Complete version 2")
    expect(site.success_banner).to_contain_text("Version 2 has been completed")
    site.click_link("Back to all versions")
    rows = page.get_by_role("table", name="Versions, newest first").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Completed, awaiting sign-off")
    expect(rows.nth(0)).to_contain_text("High")
    expect(rows.nth(1)).to_contain_text("Signed off")
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        "Version 2 is in progress and waiting to be signed off."
    )
    site.click_link("Version 1")
    site.click_link("Next version (2)")
    expect(site.heading).to_have_text("Risk assessment, version 2")
    assert RiskAssessment.objects.get(pupil=county.pupil_a, version=2).previous_id == first.pk


# Money -----------------------------------------------------------------------------------------


def test_the_money_pages(site: Site, county: County) -> None:
    coordinator = county.memberships["coordinator"]
    yard = site_at(barn(county))
    signed_assessment(county.pupil_a, coordinator)
    make_placement(
        pupil=county.pupil_a,
        site=yard,
        by=coordinator,
        status=Status.ACTIVE,
        hours=18,
        start_date=today() - dt.timedelta(days=30),
        programme_management=True,
        price=45,
        price_unit=Placement.PriceUnit.DAY,
    )

    site.sign_in_as("coordinator")
    page = site.page
    site.click_link("Average pupil cost")
    expect(site.heading).to_have_text("Average pupil cost")
    site.submit("Save the average pupil cost", status=400)
    expect_error_summary(site, ["Select the school year", "Enter the average pupil cost"])
    years = page.get_by_role("group", name="School year")
    years.get_by_role("radio").first.check()
    page.get_by_label("Average pupil cost for the year").fill("£18,000")
    site.submit("Save the average pupil cost")
    expect(site.success_banner).to_contain_text("is now £18,000.00")

    site.click_link("See the termly recharges to schools")
    expect(site.heading).to_have_text("Recharges to schools")
    choose = page.get_by_role("form", name="Choose the statement")
    choose.get_by_label("School").select_option(label="Brookvale Academy")
    site.submit("Show")
    expect(site.heading).to_have_text("Recharges: Brookvale Academy")
    expect(page.locator("main")).to_contain_text("Amara Osei")
    for label, kind, start in (
        ("Download as a PDF", "application/pdf", b"%PDF"),
        ("Download as a spreadsheet (CSV)", "text/csv", "\ufeff".encode()),
    ):
        href = page.get_by_role("link", name=label, exact=False).get_attribute("href")
        download = page.request.get(site.base_url + str(href))
        assert download.status == 200, label
        assert download.headers["content-type"].startswith(kind)
        assert download.body().startswith(start)

    site.visit("/")
    site.click_link("Placement spend by term")
    expect(site.heading).to_contain_text("Placement spend")
    expect(page.locator("main")).to_contain_text("Skills Barn")
    sign_out(site)

    site.sign_in_as("school_a")
    site.click_link("Termly recharge statements")
    expect(site.heading).to_have_text("Recharges: Brookvale Academy")
    sign_out(site)

    site.sign_in_as("la_officer")
    site.click_link("Placement spend by term")
    overview = page.get_by_role("table", name="Partnerships in the", exact=False)
    site.follow(overview.get_by_role("link", name=county.partnership.name, exact=False).click)
    expect(site.heading).to_have_text(f"Placement spend: {county.partnership.name}")
    expect(page.get_by_role("table", name="Skills Barn")).to_contain_text("Amara Osei")
