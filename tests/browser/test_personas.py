"""Each persona signs in through the form and uses the pages their role needs (DESIGN.md §2, §5).

One test per persona walks through home, "Your account", the pupil list (searched and
filtered), a pupil they may see (and its change pages if they may change it), and checks that
pages outside their scope answer "Page not found".
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from tests.browser.site import Site, expect_error_summary
from tests.conftest import PERSONAS, County

# The county fixture's pupils as the list shows them, in its order (by last name): B is at
# school B and A at school A, both in the partnership; C is at a school in another partnership
# and looked after by Leicestershire.
ROWS = {"b": "Hart, Billy", "c": "Nowak, Cara", "a": "Osei, Amara"}
PUPIL_ATTRIBUTE = {"a": "pupil_a", "b": "pupil_b", "c": "pupil_c_looked_after"}


@dataclass(frozen=True)
class Persona:
    organisation: str
    role: str
    menu: tuple[str, ...]
    sees: str = ""  # keys of ROWS this persona may see
    opens: str = ""  # the pupil whose record the test opens
    may_change: bool = False


PARTNERSHIP = "Hinckley and Bosworth Partnership"
EXPECTED = {
    "school_a": Persona(
        "Brookvale Academy",
        "School staff",
        ("Home", "Pupils", "Referrals", "Forums", "Placements", "Providers"),
        "a",
        "a",
        may_change=True,
    ),
    "school_b": Persona(
        "Fernhill School",
        "School staff",
        ("Home", "Pupils", "Referrals", "Forums", "Placements", "Providers"),
        "b",
        "b",
        may_change=True,
    ),
    "coordinator": Persona(
        PARTNERSHIP,
        "Partnership co-ordinator",
        ("Home", "Pupils", "Referrals", "Forums", "Placements", "Providers", "Reports"),
        "ba",
        "b",
        may_change=True,
    ),
    "chair": Persona(
        PARTNERSHIP,
        "Partnership chair",
        ("Home", "Pupils", "Referrals", "Forums", "Placements", "Providers", "Reports"),
        "ba",
        "a",
    ),
    "provider": Persona(
        "Skills Barn", "Provider staff", ("Home", "Pupils", "Placements", "Register", "Providers")
    ),
    "virtual_school": Persona(
        "Leicestershire",
        "Virtual School officer",
        ("Home", "Pupils", "Placements", "Providers"),
        "c",
        "c",
    ),
    "la_officer": Persona(
        "Leicestershire",
        "Local authority officer",
        ("Home", "Pupils", "Referrals", "Forums", "Placements", "Providers", "Reports", "Audit"),
        "bca",
        "c",
    ),
    "governance": Persona(PARTNERSHIP, "Governance board member", ("Home", "Reports")),
    "service_admin": Persona("Leicestershire", "Service administrator", ("Home",)),
}
assert set(EXPECTED) == set(PERSONAS)


def pupil_rows(site: Site) -> list[str]:
    return site.page.locator("table.govuk-table tbody tr td:first-child a").all_inner_texts()


def check_home(site: Site, persona: Persona) -> None:
    assert site.path() == "/"
    expect(site.heading).to_have_text(persona.organisation)
    expect(site.page.locator(".app-role-bar")).to_have_text(
        f"Acting as {persona.role.lower()}, {persona.organisation}"
    )
    menu = site.page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link")).to_have_text([*persona.menu, "Your account"])
    expect(menu.locator("[aria-current=page]")).to_have_text("Home")
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    find = site.page.get_by_role("link", name="Find a pupil")
    add = site.page.get_by_role("link", name="Add a pupil")
    expect(find).to_have_count(1 if "Pupils" in persona.menu else 0)
    expect(add).to_have_count(1 if persona.may_change else 0)


def check_account(site: Site, persona: Persona, email: str) -> None:
    site.click_link("Your account")
    expect(site.heading).to_have_text("Your account")
    expect(site.page.locator(".govuk-summary-list").first).to_contain_text(email)
    expect(site.page.locator(".govuk-list--bullet li")).to_have_text(
        [f"{persona.role}, {persona.organisation} Acting now"]
    )
    expect(site.page.get_by_role("link", name="Change your password")).to_be_visible()


def check_pupil_list(site: Site, persona: Persona) -> None:
    site.click_link("Pupils")
    expect(site.heading).to_have_text("Pupils")
    visible = [ROWS[key] for key in persona.sees]
    assert pupil_rows(site) == visible
    count = len(visible)
    expect(site.page.get_by_role("status")).to_have_text(f"{count} pupil{'s' * (count != 1)}")
    expect(site.page.get_by_role("button", name="Add a pupil")).to_have_count(
        1 if persona.may_change else 0
    )
    search = site.page.get_by_label("Search by name or UPN")

    # A name search finds the last pupil in scope; with nobody in scope, a pupil out of scope
    # must not be found either.
    wanted = visible[-1] if visible else ROWS["a"]
    last_name = wanted.split(",")[0]
    search.fill(last_name.lower())
    site.submit("Apply filters")
    assert f"q={last_name.lower()}" in site.page.url
    assert pupil_rows(site) == ([wanted] if visible else [])
    expect(search).to_have_value(last_name.lower())
    if not visible:
        expect(site.page.get_by_text("No pupils match.")).to_be_visible()

    # The same search narrowed by filters: only a looked-after pupil in year 9 stays.
    site.page.get_by_label("Year group").select_option(label="Year 9")
    site.page.get_by_label("Looked after", exact=True).select_option(label="Looked after")
    site.submit("Apply filters")
    assert pupil_rows(site) == [row for row in visible if row == wanted == ROWS["c"]]
    expect(search).to_have_value(last_name.lower())
    expect(site.page.get_by_label("Year group")).to_have_value("9")
    expect(site.page.get_by_label("Looked after", exact=True)).to_have_value("yes")

    site.click_link("Clear filters")
    assert site.path() == "/pupils/"
    expect(search).to_have_value("")
    assert pupil_rows(site) == visible


def check_pupil_record(site: Site, persona: Persona, county: County) -> None:
    pupil = getattr(county, PUPIL_ATTRIBUTE[persona.opens])
    name = f"{pupil.legal_first_name} {pupil.legal_last_name}"
    site.click_link(f"{pupil.legal_last_name}, {pupil.legal_first_name}")
    assert site.path() == f"/pupils/{pupil.pk}/"
    expect(site.heading).to_have_text(name)
    expect(site.page.locator(".govuk-caption-l")).to_have_text(pupil.school.name)
    details = site.page.locator(".govuk-summary-list").first
    expect(details).to_contain_text("17 May 2012")
    expect(details).to_contain_text(pupil.upn)
    looked_after = site.page.get_by_text("Looked after by Leicestershire")
    expect(looked_after).to_have_count(1 if pupil.looked_after else 0)

    change = site.page.get_by_role("button", name="Change details")
    add_contact = site.page.get_by_role("button", name="Add a parent or carer")
    if not persona.may_change:
        expect(change).to_have_count(0)
        expect(add_contact).to_have_count(0)
        for page in ("change/", "contacts/new/"):
            site.visit(f"/pupils/{pupil.pk}/{page}", status=404)
            expect(site.heading).to_have_text("Page not found")
        return

    site.follow(change.click)
    expect(site.heading).to_have_text(f"Change {name}'s details")
    expect(site.page.get_by_label("Legal first name")).to_have_value(pupil.legal_first_name)
    date_of_birth = site.page.get_by_role("group", name="Date of birth")
    expect(date_of_birth.get_by_label("Day")).to_have_value("17")
    expect(date_of_birth.get_by_label("Month")).to_have_value("5")
    expect(date_of_birth.get_by_label("Year")).to_have_value("2012")
    site.click_link("Back")
    assert site.path() == f"/pupils/{pupil.pk}/"
    site.follow(add_contact.click)
    expect(site.heading).to_have_text("Add a parent or carer")
    expect(site.page.locator(".govuk-caption-l")).to_have_text(name)


def check_not_found(site: Site, path: str) -> None:
    site.visit(path, status=404)
    expect(site.heading).to_have_text("Page not found")
    expect(site.page).to_have_title("Page not found \N{EN DASH} Inclusion Partnerships")


@pytest.mark.parametrize("name", PERSONAS)
def test_persona_uses_their_pages(site: Site, county: County, name: str) -> None:
    persona = EXPECTED[name]
    site.sign_in_as(name)
    check_home(site, persona)
    check_account(site, persona, f"{name}@example.org")
    expect(site.page.get_by_role("link", name="Change role")).to_have_count(0)
    if "Pupils" in persona.menu:
        check_pupil_list(site, persona)
    else:
        check_not_found(site, "/pupils/")
    if persona.opens:
        check_pupil_record(site, persona, county)
    # A record outside the persona's scope does not exist for them.
    hidden = [key for key in "abc" if key not in persona.sees]
    if hidden:
        pupil = getattr(county, PUPIL_ATTRIBUTE[hidden[0]])
        check_not_found(site, f"/pupils/{pupil.pk}/")
        expect(site.page.get_by_text(pupil.legal_first_name)).to_have_count(0)
    if "Audit" not in persona.menu:
        check_not_found(site, "/audit/")


def test_another_schools_pupil_is_not_found(site: Site, county: County) -> None:
    site.sign_in_as("school_b")
    site.click_link("Find a pupil")
    assert ROWS["a"] not in pupil_rows(site)
    check_not_found(site, f"/pupils/{county.pupil_a.pk}/")
    expect(site.page.get_by_text("Amara")).to_have_count(0)
    check_not_found(site, f"/pupils/{county.pupil_a.pk}/change/")
    check_not_found(site, f"/pupils/{county.pupil_a.pk}/contacts/new/")


def test_coordinator_filters_by_school(site: Site, county: County) -> None:
    site.sign_in_as("coordinator")
    site.visit("/pupils/")
    schools = site.page.get_by_label("School", exact=True)
    expect(schools.locator("option")).to_have_text(
        ["All schools", "Brookvale Academy", "Fernhill School"]
    )
    schools.select_option(label="Fernhill School")
    site.submit("Apply filters")
    assert pupil_rows(site) == [ROWS["b"]]
    expect(schools).to_have_value(str(county.school_b.pk))


def test_audit_trail_with_filters(site: Site, county: County) -> None:
    pupil = county.pupil_a
    site.sign_in_as("la_officer")
    site.visit(f"/pupils/{pupil.pk}/")
    site.click_link("Audit")
    expect(site.heading).to_have_text("Audit trail")
    table = site.page.locator("table.govuk-table")
    expect(table).to_contain_text("la_officer@example.org")

    site.page.get_by_label("Pupil's UPN").fill(pupil.upn.lower())
    site.submit("Apply filters")
    expect(site.page.get_by_role("status")).to_have_text("1 event")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("la_officer@example.org")

    site.click_link("Clear filters")
    site.page.get_by_label("User's email address").fill("nobody@example.org")
    site.submit("Apply filters")
    expect(site.page.get_by_role("status")).to_have_text("0 events")
    expect(site.page.get_by_text("No events match.")).to_be_visible()

    site.click_link("Clear filters")
    from_date = site.page.get_by_role("group", name="From")
    from_date.get_by_label("Day").fill("31")
    from_date.get_by_label("Month").fill("2")
    from_date.get_by_label("Year").fill("2026")
    site.submit("Apply filters", status=400)
    summary = expect_error_summary(site, ["From must be a real date"])
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="From must be a real date").click()
    expect(from_date.get_by_label("Day")).to_be_focused()


def test_role_chooser(site: Site, county: County, two_role_user: str) -> None:
    coordinator = f"Partnership co-ordinator, {PARTNERSHIP}"
    school = "School staff, Brookvale Academy"
    site.sign_in(two_role_user)
    assert site.path() == "/account/role/"
    expect(site.heading).to_have_text("Choose your role")
    choices = site.page.get_by_role("group", name="Which role are you acting in?")
    expect(choices.get_by_role("radio")).to_have_count(2)

    site.submit("Continue", status=400)
    summary = expect_error_summary(site, ["Select the role you are acting in"])
    expect(summary).to_be_focused()

    choices.get_by_label(coordinator).check()
    site.submit("Continue")
    assert site.path() == "/"
    expect(site.heading).to_have_text(PARTNERSHIP)

    site.click_link("Change role")
    expect(choices.get_by_label(coordinator)).to_be_checked()
    choices.get_by_label(school).check()
    site.submit("Continue")
    expect(site.heading).to_have_text("Brookvale Academy")
    expect(site.page.locator(".app-role-bar")).to_contain_text("Acting as school staff")

    site.click_link("Your account")
    expect(site.page.locator(".govuk-list--bullet li")).to_have_text(
        [coordinator, f"{school} Acting now"]
    )
