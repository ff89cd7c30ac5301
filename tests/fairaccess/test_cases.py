"""Fair Access cases through their pages: intake, in-year applications, the panel, the decision
with the fairness table, the offer and start, who sees what, the clock on the list, drafts and
templates (issue 8, part 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.fairaccess.categories import Category
from inclusion.fairaccess.models import (
    EmailTemplate,
    FairAccessCase,
    InYearAttempt,
    PanelMeeting,
    Status,
)
from inclusion.fairaccess.selectors import fairness_table
from inclusion.notifications.models import Notification
from tests.factories import PupilFactory, SchoolFactory
from tests.fairaccess.factories import TODAY, allocated, at_panel, attempt, fa_case
from tests.helpers import assert_govuk_error, content, date_parts, on_page

pytestmark = pytest.mark.django_db
D = dt.date
LIST = reverse("fairaccess:list")
OPEN = reverse("fairaccess:open")


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def url(name: str, case: FairAccessCase, **kwargs: str) -> str:
    return reverse(f"fairaccess:{name}", kwargs={"pk": case.pk, **kwargs})


def intake(**overrides: str) -> dict[str, str]:
    data = {
        "legal_first_name": "Robin",
        "legal_last_name": "Fictitious",
        **date_parts("date_of_birth", D(2011, 9, 30)),
        "nc_year": "9",
        "home_postcode": "le10 0aa",
        "looked_after": "no",
        "care_la": "",
        "category": Category.OUT_OF_EDUCATION.value,
        "category_evidence": "Fictional: out of school since January; no place within reach.",
        **date_parts("protocol_decided_on", D(2026, 2, 2)),
    }
    data.update(overrides)
    return data


# Intake -----------------------------------------------------------------------------------------


def test_a_coordinator_opens_a_case_for_their_partnership(county, persona_client):
    response = persona_client("coordinator").post(OPEN, intake())
    case = FairAccessCase.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("detail", case)
    assert case.partnership == county.partnership
    assert (case.status, case.home_postcode, case.nc_year) == (Status.OPEN, "LE10 0AA", 9)
    assert case.home_easting is not None  # found in the ONS directory
    assert case.reference.startswith("FA-")
    event = AuditEvent.objects.get(target_id=str(case.pk))
    assert event.verb == AuditEvent.Verb.CREATE
    assert "legal_last_name" in event.changes
    assert "Fictitious" not in str(event.changes)
    messages = list(Notification.objects.values_list("message", flat=True))
    assert messages == [f"Fair Access case {case.reference} has been opened"]
    assert "Robin" not in messages[0]
    assert list(case.history.values_list("status", flat=True)) == [Status.OPEN]


def test_an_la_officer_chooses_the_partnership(county, persona_client):
    officer = persona_client("la_officer")
    assert_govuk_error(officer.post(OPEN, intake()), "Select the partnership")
    officer.post(OPEN, intake(partnership=str(county.other_partnership.pk)))
    assert FairAccessCase.objects.get().partnership == county.other_partnership


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"legal_first_name": ""}, "Enter child's legal first name"),
        ({"home_postcode": "not a postcode"}, "Enter a real postcode, like LE3 8RF"),
        ({"category": ""}, "Select the Fair Access category"),
        ({"category_evidence": ""}, "Enter the evidence for the category"),
        ({"looked_after": "yes"}, "Select the looking-after local authority"),
        ({"nc_year": "15"}, "Select a year group from the list"),
        (date_parts("protocol_decided_on", D(2026, 3, 4)), "The date of the decision must be"),
        (date_parts("date_of_birth", None), "Enter the child's date of birth"),
    ],
)
def test_bad_intake_is_a_govuk_error_and_writes_nothing(persona_client, overrides, message):
    response = persona_client("coordinator").post(OPEN, intake(**overrides))
    assert_govuk_error(response, message)
    assert not FairAccessCase.objects.exists()
    assert not AuditEvent.objects.filter(target_type="fairaccess.fairaccesscase").exists()


# The steps --------------------------------------------------------------------------------------


def test_an_in_year_application_is_recorded(county, persona_client):
    case = fa_case(county)
    client = persona_client("coordinator")
    assert_govuk_error(client.post(url("attempt_add", case), {}), "Enter school applied to")
    data = {
        "school_name": "Fictional High School",
        **date_parts("applied_on", D(2026, 1, 12)),
        "outcome": InYearAttempt.Outcome.REFUSED_FULL,
        "notes": "",
    }
    assert client.post(url("attempt_add", case), data).status_code == 302
    page = client.get(url("detail", case))
    assert on_page(page, "Fictional High School")
    assert on_page(page, "Refused: the year group is full")


def test_the_case_goes_on_a_panel_agenda_and_the_panel_page_lists_it(county, persona_client):
    case = fa_case(county)
    client = persona_client("coordinator")
    early = date_parts("meets_on", D(2026, 1, 30))
    assert_govuk_error(client.post(url("panel", case), early), "must be on or after")
    client.post(url("panel", case), date_parts("meets_on", D(2026, 2, 12)))
    case.refresh_from_db()
    assert case.status == Status.AT_PANEL
    assert case.panel is not None
    assert case.panel.meets_on == D(2026, 2, 12)
    agenda = persona_client("chair").get(reverse("fairaccess:panel_detail", args=[case.panel.pk]))
    assert on_page(agenda, case.reference)
    other = fa_case(county)
    client.post(url("panel", other), date_parts("meets_on", D(2026, 2, 12)))
    assert PanelMeeting.objects.count() == 1  # the same meeting


def test_the_decision_page_shows_the_fairness_table_and_allocates(county, persona_client):
    county.school_a.capacity, county.school_a.postcode = 1200, "LE10 0AA"
    county.school_a.save()
    county.school_b.in_special_measures = True
    county.school_b.save()
    allocated(county, county.school_a, nc_year=9)
    allocated(county, county.school_a, nc_year=9, category=Category.EXCLUDED_OR_AP)
    allocated(county, county.school_a, nc_year=8)
    allocated(county, county.school_b, nc_year=10, category=Category.EXCLUDED_OR_AP)
    allocated(county, county.school_b, on=D(2025, 7, 1))  # last school year: not counted
    allocated(county, county.school_c)  # another partnership's school: not shown
    case = at_panel(county, fa_case(county, home_easting=446000, home_northing=294000), TODAY)
    table = fairness_table(case, today=TODAY)
    rows = {r.school.name: r for r in table.rows}
    assert set(rows) == {"Brookvale Academy", "Fernhill School"}
    a, b = rows["Brookvale Academy"], rows["Fernhill School"]
    assert (a.fair_access, a.excluded, a.by_year) == (3, 1, [(8, 1, 0), (9, 2, 1)])
    assert (b.fair_access, b.excluded, b.by_year) == (1, 1, [(10, 1, 1)])
    assert a.distance_miles is not None
    assert b.distance_miles is None
    assert table.rows[0] == a  # nearest first

    client = persona_client("coordinator")
    page = client.get(url("decide", case))
    html = content(page)
    assert "Fairness table" in html
    assert "Special measures" in html
    assert "1200" in html
    assert on_page(page, "Year 9: 2 (1 excluded)")
    bad = client.post(url("decide", case), {"school": str(county.school_c.pk)})
    assert_govuk_error(bad, "Select the allocated school")
    data = {"school": str(county.school_b.pk), **date_parts("allocated_on", TODAY), "notes": ""}
    assert client.post(url("decide", case), data).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.allocated_school, case.allocated_on) == (
        Status.ALLOCATED,
        county.school_b,
        TODAY,
    )
    told = Notification.objects.filter(membership=county.memberships["school_b"])
    assert [n.message for n in told] == [
        f"Fair Access case {case.reference}: a place has been allocated at your school"
    ]
    assert client.get(url("decide", case)).status_code == 404  # decided: no second decision


def test_the_offer_and_the_start_are_recorded(county, persona_client):
    case = allocated(county, county.school_a, on=D(2026, 2, 20))
    client = persona_client("la_officer")
    backwards = {
        **date_parts("offered_on", D(2026, 2, 23)),
        **date_parts("starts_on", D(2026, 2, 22)),
    }
    assert_govuk_error(client.post(url("offer", case), backwards), "The start date must be")
    client.post(url("offer", case), {**date_parts("offered_on", D(2026, 2, 23))})
    case.refresh_from_db()
    assert case.status == Status.OFFERED
    client.post(
        url("offer", case),
        {**date_parts("offered_on", D(2026, 2, 23)), **date_parts("starts_on", D(2026, 3, 2))},
    )
    case.refresh_from_db()
    assert (case.status, case.starts_on) == (Status.STARTED, D(2026, 3, 2))
    assert client.get(url("offer", case)).status_code == 404


# Who sees what ----------------------------------------------------------------------------------


def test_a_school_sees_only_cases_allocated_to_it_and_only_the_summary(county, persona_client):
    mine = allocated(county, county.school_a)
    fa_case(county, legal_last_name="Unallocated")
    page = persona_client("school_a").get(url("detail", mine))
    assert page.status_code == 200
    assert on_page(page, mine.child_name)
    assert "Evidence for the category" not in content(page)
    assert "Fairness table" not in content(page)
    listing = content(persona_client("school_a").get(LIST))
    assert mine.reference in listing
    assert "Unallocated" not in listing
    assert persona_client("school_b").get(url("detail", mine)).status_code == 404
    assert persona_client("school_a").get(url("draft", mine, step="intake")).status_code == 404


def test_the_virtual_school_sees_only_looked_after_childrens_cases(county, persona_client):
    looked_after = fa_case(county, looked_after=True, care_la=county.la)
    other = fa_case(county)
    client = persona_client("virtual_school")
    assert client.get(url("detail", looked_after)).status_code == 200
    assert client.get(url("detail", other)).status_code == 404
    assert other.reference not in content(client.get(LIST))


def test_another_partnerships_coordinator_gets_404_and_nothing_changes(county, persona_client):
    case = fa_case(county, partnership=county.other_partnership)
    client = persona_client("coordinator")
    assert client.get(url("detail", case)).status_code == 404
    client.post(url("panel", case), date_parts("meets_on", TODAY))
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert case.reference not in content(client.get(LIST))


def test_reading_a_case_is_audited(county, persona_client):
    case = fa_case(county)
    persona_client("chair").get(url("detail", case))
    assert AuditEvent.objects.filter(target_id=str(case.pk), verb=AuditEvent.Verb.VIEW).count() == 1


# The list and its clock -------------------------------------------------------------------------


def test_the_list_shows_overdue_cases_first_in_red(county, persona_client):
    fa_case(county, legal_last_name="Recent", protocol_decided_on=D(2026, 3, 2))
    fa_case(county, legal_last_name="Late", protocol_decided_on=D(2026, 1, 12))
    page = persona_client("coordinator").get(LIST)
    html = content(page)
    assert html.index("Late") < html.index("Recent")
    # 12 Jan + 20 school days: 13-16 (4), 19-23 (9), 26-30 (14), 2-6 Feb (19), Mon 9 Feb.
    assert on_page(page, "9 February 2026")
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert html.count("Overdue</strong>") == 1


def test_the_list_keeps_its_query_count(county, persona_client):
    client = persona_client("la_officer")
    counts = []
    for n in (1, 3):
        for _ in range(n):
            allocated(county, SchoolFactory.create(partnership=county.partnership))
            fa_case(county, partnership=county.other_partnership)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_fairness_table_keeps_its_query_count(county, persona_client):
    client = persona_client("coordinator")
    case = at_panel(county, fa_case(county), TODAY)
    counts = []
    for n in (1, 3):
        for _ in range(n):
            school = SchoolFactory.create(partnership=county.partnership, postcode="LE10 0AA")
            allocated(county, school, nc_year=7)
            PupilFactory.create(school=school)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("decide", case)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Drafts and templates ---------------------------------------------------------------------------


def test_a_draft_is_filled_in_with_the_case_and_the_partnerships_wording(county, persona_client):
    case = allocated(county, county.school_a)
    client = persona_client("coordinator")
    page = client.get(url("draft", case, step="decision"))
    assert on_page(page, f"Fair Access case {case.reference}: place allocated at Brookvale")
    assert on_page(page, case.child_name)
    assert on_page(page, "The service does not send it")
    edit = reverse("fairaccess:template_edit", kwargs={"step": "decision"})
    bad = client.post(edit, {"subject": "Case {referance}", "body": "Hello"})
    assert_govuk_error(bad, "Remove {referance} or use one of the placeholders listed")
    client.post(edit, {"subject": "Our panel: {reference}", "body": "Place at {allocated_school}"})
    template = EmailTemplate.objects.get()
    assert (template.partnership, template.step) == (county.partnership, "decision")
    page = client.get(url("draft", case, step="decision"))
    assert on_page(page, f"Our panel: {case.reference}")
    assert on_page(page, "Place at Brookvale Academy")
    assert client.get(url("draft", case, step="nonsense")).status_code == 404
    assert client.get(reverse("fairaccess:template_edit", kwargs={"step": "x"})).status_code == 404


def test_the_checklist_shows_each_step(county, persona_client):
    case = fa_case(county)
    attempt(case)
    page = persona_client("coordinator").get(url("detail", case))
    html = content(page)
    for label in ("Intake", "Evidence for the category", "In-year applications already made"):
        assert label in html
    assert html.count(">Done</strong>") == 3  # intake, evidence, one application
    assert url("panel", case) in html
    assert url("decide", case) not in html  # not yet on an agenda
    chair = content(persona_client("chair").get(url("detail", case)))
    assert url("panel", case) not in chair  # the chair reads


def test_missing_term_dates_are_said_plainly_not_a_server_error(county, persona_client):
    case = fa_case(county, protocol_decided_on=D(2028, 7, 3))  # past the recorded years
    client = persona_client("coordinator")
    page = client.get(url("detail", case))
    assert page.status_code == 200
    assert on_page(page, "The 20-school-day clock cannot be worked out")
    assert on_page(page, "No term dates are recorded for Leicestershire")
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert on_page(listing, "Not known")
    assert on_page(listing, "No term dates are recorded for Leicestershire")


def test_the_home_page_links_to_the_cases(persona_client):
    assert reverse("fairaccess:list") in content(persona_client("coordinator").get("/"))
    assert reverse("fairaccess:list") in content(persona_client("school_a").get("/"))
    assert reverse("fairaccess:list") not in content(persona_client("provider").get("/"))
