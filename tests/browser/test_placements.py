"""Issue 5's acceptance journey in a browser, through the real pages: the co-ordinator turns a
forum decision into a Tier 4 placement, adds its timetable and sees the weekly hours and cost,
agrees it and cannot make it active before the Standard Risk Assessment is signed; the school
completes the assessment, the co-ordinator signs it off and starts the placement; the provider's
staff then see that pupil's information pack and nothing else about the pupil (and no other
pupils). Data is set up with the factories; every page visited is scanned with axe-core."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import Page, expect

from inclusion.placements.costs import pence
from inclusion.placements.models import Placement
from inclusion.placements.selectors.placements import term_school_days
from inclusion.providers.models import REQUIRED_EVIDENCE, Provider, ProviderSite
from inclusion.providers.services.status import refresh_provider_status
from tests.browser.site import Site, expect_error_summary
from tests.conftest import County
from tests.factories import EvidenceFactory, ProviderFactory, ProviderSiteFactory
from tests.placements.factories_placements import placement_decision

PUPIL = "Amara Osei"
SITE = "Skills Barn: The yard, Hinckley"
CATEGORY_B = "(b) At risk of permanent exclusion and on a full-time programme out of school"
PURPOSE = "Fictional: a practical land-based programme out of school."
OBJECTIVES = "Fictional: attend every session; gain a Level 1 award in animal care."
TRANSPORT = "Fictional: taxi arranged and paid for by the partnership."
PRICE = Decimal("45.00")
NOT_SIGNED = (
    "This Tier 4 placement cannot become active before the risk assessment is signed off by "
    "the co-ordinator"
)


# Small helpers, shared with test_placement_records.py


def long_date(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def fill_date(page: Page, group: str, value: dt.date) -> None:
    fields = page.get_by_role("group", name=group, exact=True)
    fields.get_by_label("Day").fill(str(value.day))
    fields.get_by_label("Month").fill(str(value.month))
    fields.get_by_label("Year").fill(str(value.year))


def menu(site: Site, item: str) -> None:
    site.follow(
        site.page.get_by_role("navigation", name="Menu").get_by_role("link", name=item).click
    )


def press(site: Site, name: str, *, status: int = 200) -> None:
    """Follow a link styled as a button (it has the role of a button)."""
    site.follow(site.page.get_by_role("button", name=name, exact=True).click, status=status)


def sign_out(site: Site) -> None:
    site.follow(site.page.get_by_role("button", name="Sign out").click)
    expect(site.page.get_by_role("button", name="Sign out")).to_have_count(0)


def summary_value(site: Site, key: str) -> str:
    row = site.page.locator(".govuk-summary-list__row").filter(
        has=site.page.locator(".govuk-summary-list__key", has_text=key)
    )
    return row.first.locator(".govuk-summary-list__value").inner_text().strip()


def next_monday(after: dt.date) -> dt.date:
    return after + dt.timedelta(days=7 - after.weekday())


def compliant(provider: Provider) -> Provider:
    """Confirmed, in-date evidence of every required kind."""
    today = timezone.localdate()
    for kind in REQUIRED_EVIDENCE:
        EvidenceFactory.create(
            provider=provider,
            kind=kind,
            checked_on=today - dt.timedelta(days=60),
            expires_on=today + dt.timedelta(days=300),
        )
    refresh_provider_status(provider=provider)
    return provider


def barn_site(county: County) -> ProviderSite:
    """A site of the persona provider ("Skills Barn", in-date compliance)."""
    compliant(county.provider)
    return ProviderSiteFactory.create(provider=county.provider, name="The yard", town="Hinckley")


def add_session(site: Site, day: str, start: str, end: str) -> None:
    page = site.page
    page.get_by_role("group", name="Day").get_by_label(day, exact=True).check()
    page.get_by_label("Start time").fill(start)
    page.get_by_label("End time").fill(end)
    site.submit("Add the session")
    expect(site.success_banner).to_contain_text("The session has been added")


def score(page: Page, hazard: str, likelihood: int, severity: int, controls: str = "") -> None:
    page.get_by_role("combobox", name=f"Likelihood for “{hazard}”", exact=True).select_option(
        str(likelihood)
    )
    page.get_by_role("combobox", name=f"Severity for “{hazard}”", exact=True).select_option(
        str(severity)
    )
    if controls:
        page.get_by_role("textbox", name=f"Control measures for “{hazard}”", exact=True).fill(
            controls
        )
        page.get_by_role("textbox", name=f"Owner for “{hazard}”", exact=True).fill(
            "Designated safeguarding lead"
        )


# The journey, step by step


def set_up_the_placement(site: Site, meeting_pk: object, start: dt.date) -> None:
    page = site.page
    site.visit(f"/forums/{meeting_pk}/")
    case = page.get_by_role("region", name=f"Case 1: {PUPIL}")
    expect(case).to_contain_text("Tier 4")
    site.follow(case.get_by_role("link", name="Set up the placement", exact=False).click)
    expect(site.heading).to_have_text("Set up the placement")
    expect(page.get_by_text("Forum decision:")).to_be_visible()
    page.get_by_label("Provider and site").select_option(label=SITE)
    page.get_by_role("group", name="Ofsted category").get_by_label(CATEGORY_B).check()
    page.get_by_label("Purpose of the placement").fill(PURPOSE)
    page.get_by_label("Objectives", exact=True).fill(OBJECTIVES)
    fill_date(page, "Start date", start)
    fill_date(page, "Target end date", start + dt.timedelta(days=120))
    page.get_by_label("Price in pounds (optional)").fill(str(PRICE))
    page.get_by_role("group", name="The price is (optional)").get_by_label("per day").check()
    page.get_by_label("Transport (optional)").fill(TRANSPORT)
    shared = page.get_by_role("group", name="Information to share with the provider (optional)")
    for field in ("The name the pupil uses", "Year group", "Objectives of the placement"):
        shared.get_by_label(field, exact=True).check()
    site.submit("Set up the placement")
    expect(site.success_banner).to_contain_text("The placement has been set up: add its timetable")
    expect(site.heading).to_have_text("The weekly timetable")
    expect(page.get_by_text("No sessions are timetabled yet.")).to_be_visible()


def add_the_timetable(site: Site, county: County) -> None:
    page = site.page
    for day in ("Monday", "Tuesday", "Wednesday"):
        add_session(site, day, "09:00", "15:00")
    table = page.get_by_role("table", name="Weekly sessions: 18 hours a week")
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").first).to_contain_text("9am to 3pm")
    expect(table.locator("tbody tr").first).to_contain_text("6 hours")
    weekly = PRICE * 3
    days = term_school_days(county.school_a.local_authority_id, timezone.localdate())
    assert days, "the seeded calendar has the term running today"
    termly = pence(weekly * Decimal(days) / 5)
    weeks = f"{(Decimal(days) / 5).normalize():f}"
    assert summary_value(site, "Hours a week") == "18 hours"
    assert summary_value(site, "Price") == "£45.00 per day"
    assert summary_value(site, "Weekly cost") == f"£{weekly:,.2f}"
    assert summary_value(site, "Termly cost") == f"£{termly:,.2f} ({weeks} school weeks this term)"
    site.click_link("Go back to the placement")
    # The placement's own page says the same.
    expect(page.get_by_role("table", name="Weekly sessions: 18 hours a week")).to_be_visible()
    assert summary_value(site, "Weekly cost") == "£135.00"


def agree(site: Site) -> None:
    page = site.page
    expect(page.locator("h1 + p .govuk-tag").first).to_have_text("Proposed")
    expect(page.locator("h1 + p")).to_contain_text("Tier 4")
    summary = page.locator(".govuk-summary-list").first
    expect(summary).to_contain_text(CATEGORY_B)
    expect(summary).to_contain_text(PURPOSE)
    expect(summary).to_contain_text(TRANSPORT)
    expect(summary).to_contain_text("The partnership (Tier 4 Programme Management)")
    press(site, "Agree the placement")
    expect(site.heading).to_have_text("Agree the placement")
    site.submit("Agree the placement")
    expect(site.success_banner).to_contain_text("The placement has been agreed")
    expect(page.locator("h1 + p .govuk-tag").first).to_have_text("Agreed")


def cannot_start_before_sign_off(site: Site) -> None:
    page = site.page
    risk = page.locator(".govuk-task-list__item").filter(has_text="Standard Risk Assessment")
    expect(risk.locator(".govuk-task-list__status")).to_have_text("Stops it starting")
    expect(risk).to_contain_text(NOT_SIGNED)
    press(site, "Start the placement")
    expect(site.heading).to_have_text("Start the placement")
    expect(page.locator(".govuk-warning-text")).to_contain_text(NOT_SIGNED)
    site.submit("Start the placement", status=400)
    expect_error_summary(site, [NOT_SIGNED])
    site.click_link("Cancel and go back to the placement")
    expect(page.locator("h1 + p .govuk-tag").first).to_have_text("Agreed")


def complete_the_risk_assessment(site: Site, pupil_pk: object) -> None:
    page = site.page
    review_on = timezone.localdate() + dt.timedelta(days=90)
    site.visit(f"/pupils/{pupil_pk}/")
    site.click_link("Standard Risk Assessment")
    expect(site.heading).to_have_text("Standard Risk Assessment")
    expect(page.get_by_text("No risk assessment has been started for this pupil.")).to_be_visible()
    site.click_link("Start a risk assessment")
    site.submit("Start the risk assessment")
    expect(site.success_banner).to_contain_text("Version 1 has been started")
    expect(site.heading).to_have_text("Risk assessment, version 1")
    score(page, "Risk to self", 3, 3, "Fictional: key worker checks in each morning.")
    score(page, "Risk to others", 1, 2)
    score(
        page, "Risk from others, including exploitation", 4, 4, "Fictional: collected at the gate."
    )
    for hazard in ("Absconding", "Medical", "Travel", "Substance misuse", "Online"):
        score(page, hazard, 1, 3)
    score(page, "Site-specific", 2, 3, "Fictional: supervised near machinery.")
    page.get_by_role("group", name="Overall rating").get_by_label("High", exact=True).check()
    page.get_by_label("Summary (optional)").fill("Fictional: manageable with the controls.")
    fill_date(page, "Review date", review_on)
    site.submit("Save and complete")
    expect(site.heading).to_have_text("Complete version 1 of the risk assessment")
    hazards = page.get_by_role("table", name="Hazards")
    expect(hazards.locator("tbody tr")).to_have_count(9)
    expect(hazards.locator("tbody tr").nth(2)).to_contain_text("High")
    site.submit("Complete version 1")
    expect(site.success_banner).to_contain_text(
        "Version 1 has been completed. The partnership co-ordinator has been asked to sign it off"
    )
    expect(page.locator("main .govuk-tag").first).to_have_text("Completed, awaiting sign-off")


def sign_off(site: Site, pupil_pk: object) -> None:
    page = site.page
    site.visit(f"/pupils/{pupil_pk}/")
    site.click_link("Standard Risk Assessment")
    site.click_link("Version 1")
    site.click_link("Sign off version 1")
    expect(site.heading).to_have_text("Sign off version 1 of the risk assessment")
    site.submit("Sign off version 1")
    expect(site.success_banner).to_contain_text("Version 1 has been signed off")
    expect(page.locator("main .govuk-tag").first).to_have_text("Signed off")


def start(site: Site) -> None:
    page = site.page
    menu(site, "Placements")
    expect(site.heading).to_have_text("Placements")
    site.click_link(PUPIL, exact=False)
    risk = page.locator(".govuk-task-list__item").filter(has_text="Standard Risk Assessment")
    expect(risk.locator(".govuk-task-list__status")).to_have_text("Done")
    press(site, "Start the placement")
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    site.submit("Start the placement")
    expect(site.success_banner).to_contain_text("The placement is now active")
    expect(page.locator("h1 + p .govuk-tag").first).to_have_text("Active")
    history = page.locator("main ol.govuk-list")
    expect(history.locator(".govuk-tag")).to_have_text(["Active", "Agreed", "Proposed"])


def provider_sees_the_pack_only(site: Site, county: County, placement: Placement) -> None:
    page = site.page
    pupil = county.pupil_a
    menu(site, "Placements")
    expect(site.heading).to_have_text("Your pupils")
    rows = page.get_by_role("table", name="Placements").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Amara O.")
    expect(rows.first).to_contain_text("The yard")
    expect(rows.first).to_contain_text("Monday, Tuesday and Wednesday: 18 hours a week")
    site.click_link("Information pack", exact=False)
    expect(site.heading).to_have_text(PUPIL)
    main = page.locator("main")
    expect(main).to_contain_text("Information pack from Brookvale Academy")
    expect(main).to_contain_text("Year 9")
    expect(main).to_contain_text(OBJECTIVES)
    expect(main).to_contain_text(TRANSPORT)
    expect(main).to_contain_text("Dana Lead, Designated safeguarding lead")
    expect(page.get_by_role("table", name="Weekly timetable: 18 hours a week")).to_be_visible()
    text = main.inner_text()
    for hidden in (
        pupil.upn,
        long_date(pupil.date_of_birth),
        pupil.postcode,
        PURPOSE,
        "£",
        "Known risks",
        "Special educational needs",
        "The pupil's views",
        "Risk assessment",
        CATEGORY_B,
    ):
        assert hidden not in text, f"the provider sees {hidden!r} in the pack"
    assert pupil.upn not in page.content()

    # Nothing else about the pupil, and no other pupil.
    other = Placement.objects.create(
        pupil=county.pupil_b,
        site=ProviderSiteFactory.create(provider=ProviderFactory.create(name="Elsewhere Farm")),
        status=Placement.Status.ACTIVE,
        start_date=timezone.localdate() - dt.timedelta(days=10),
        school=county.school_b,
        partnership=county.partnership,
    )
    for path in (
        f"/pupils/{pupil.pk}/",
        f"/referrals/{placement.referral_id}/",
        f"/placements/{placement.pk}/",
        f"/placements/{placement.pk}/plan/",
        f"/placements/pupils/{pupil.pk}/risk/",
        f"/placements/{other.pk}/pack/",
    ):
        site.visit(path, status=404)
        expect(site.heading).to_have_text("Page not found")


def test_coordinator_turns_a_decision_into_an_active_tier_4_placement(
    site: Site, county: County
) -> None:
    barn_site(county)
    decision = placement_decision(county)
    meeting_pk = decision.agenda_item.meeting_id
    start_on = next_monday(timezone.localdate())

    site.sign_in_as("coordinator")
    set_up_the_placement(site, meeting_pk, start_on)
    add_the_timetable(site, county)
    agree(site)
    cannot_start_before_sign_off(site)
    sign_out(site)

    site.sign_in_as("school_a")
    complete_the_risk_assessment(site, county.pupil_a.pk)
    sign_out(site)

    site.sign_in_as("coordinator")
    sign_off(site, county.pupil_a.pk)
    start(site)
    sign_out(site)

    placement = Placement.objects.get(pupil=county.pupil_a)
    assert placement.status == Placement.Status.ACTIVE
    assert placement.programme_management
    assert placement.decision_id == decision.pk
    assert placement.risk_assessment is not None
    assert placement.risk_assessment.version == 1

    site.sign_in_as("provider")
    provider_sees_the_pack_only(site, county, placement)
