"""The visits due list, the visits section of the placement page, the provider's QA picture and the
home page's count (issue 7, part 1)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PupilFactory
from tests.helpers import assert_govuk_error, content, on_page
from tests.visits.factories import TODAY, placement_of, placements_of, visit

pytestmark = pytest.mark.django_db

DUE = reverse("visits:due")
D = dt.date


@pytest.fixture(autouse=True)
def frozen(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def listed(response: HttpResponse) -> list[str]:
    """The pupils' names in the table, in order."""
    return re.findall(
        r'<a class="govuk-link" href="/placements/[^"]+/">([^<]+)<span', content(response)
    )


# The visits due list --------------------------------------------------------------------------


def test_school_staff_see_their_pupils_overdue_first(county, persona_client):
    visited = placement_of(county)
    visit(visited, D(2026, 11, 10), by=county.memberships["school_a"].user)
    overdue = placement_of(
        county, pupil=PupilFactory.create(school=county.school_a, legal_first_name="Zed")
    )
    placement_of(county, pupil=county.pupil_b)  # school_b's
    page = persona_client("school_a").get(DUE)
    assert page.status_code == 200
    assert listed(page) == [overdue.pupil.display_name, "Amara Osei"]
    assert on_page(page, "Overdue for a visit: 1 of 2 active placements.")
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in content(page)
    assert on_page(page, "10 November 2026")  # the last visit
    assert on_page(page, "31 October to 18 December 2026")  # the half term in force
    assert "Billy" not in content(page)


def test_the_coordinator_sees_the_partnerships_and_can_filter_overdue_only(county, persona_client):
    visited = placement_of(county)
    visit(visited, D(2026, 11, 10), by=county.memberships["school_a"].user)
    placement_of(county, pupil=county.pupil_b)
    placement_of(county, pupil=PupilFactory.create(school=county.school_c))  # other partnership
    coordinator = persona_client("coordinator")
    page = coordinator.get(DUE)
    assert listed(page) == ["Billy Hart", "Amara Osei"]
    assert on_page(page, "Fernhill School")  # the school column
    assert listed(coordinator.get(DUE, {"show": "overdue"})) == ["Billy Hart"]


def test_a_bad_filter_is_a_govuk_error(county, persona_client):
    placement_of(county)
    response = persona_client("school_a").get(DUE, {"show": "everything"})
    assert_govuk_error(response, "Select which placements to show")
    assert listed(response) == []


def test_the_due_list_keeps_its_query_count(county, persona_client):
    client = persona_client("coordinator")
    user = county.memberships["school_a"].user
    counts = []
    for n in (1, 3):
        for placement in placements_of(county, n):
            visit(placement, D(2026, 11, 3), by=user, concerns="Fictional: a worry.")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(DUE)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The placement page ---------------------------------------------------------------------------


def test_the_placement_page_lists_visits_newest_first_with_a_link_to_record(county, persona_client):
    placement = placement_of(county)
    user = county.memberships["school_a"].user
    visit(placement, D(2026, 10, 1), by=user)
    visit(placement, D(2026, 11, 10), by=user, concerns="Fictional: a worry.")
    url = reverse("placements:detail", kwargs={"pk": placement.pk})
    page = persona_client("school_a").get(url)
    html = content(page)
    assert page.status_code == 200
    assert html.index("10 November 2026") < html.index("1 October 2026")
    assert "Concern raised" in html
    assert reverse("visits:record", kwargs={"pk": placement.pk}) in html
    assert on_page(page, "Up to date")
    chair = content(persona_client("chair").get(url))
    assert "10 November 2026" in chair
    assert reverse("visits:record", kwargs={"pk": placement.pk}) not in chair


def test_a_placement_with_no_visit_this_half_term_shows_overdue(county, persona_client):
    placement = placement_of(county)
    page = persona_client("coordinator").get(
        reverse("placements:detail", kwargs={"pk": placement.pk})
    )
    assert on_page(page, "No visits have been recorded yet.")
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in content(page)


# The provider's QA picture --------------------------------------------------------------------


def test_the_provider_page_counts_visits_and_concerns_without_names(county, persona_client):
    user = county.memberships["school_a"].user
    first = placement_of(county)
    second = placement_of(county, pupil=PupilFactory.create(school=county.school_c))
    visit(first, D(2026, 11, 10), by=user, concerns="Fictional: a worry.")
    visit(first, D(2026, 6, 1), by=user)
    visit(second, D(2026, 1, 1), by=user)
    visit(second, D(2025, 11, 25), by=user)  # more than 12 months ago
    url = reverse("providers:detail", kwargs={"pk": county.provider.pk})
    for name in ("school_b", "coordinator", "la_officer"):
        page = persona_client(name).get(url)
        assert page.status_code == 200, name
        assert on_page(page, "3 in the last 12 months, 1 with concerns"), name
        assert "Amara" not in content(page)


def test_the_provider_page_keeps_its_query_count(county, persona_client):
    client = persona_client("coordinator")
    url = reverse("providers:detail", kwargs={"pk": county.provider.pk})
    user = county.memberships["school_a"].user
    counts = []
    for n in (1, 3):
        for placement in placements_of(county, n):
            visit(placement, D(2026, 11, 3), by=user, concerns="Fictional: a worry.")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The home page --------------------------------------------------------------------------------


def test_the_home_page_links_to_visits_due_with_the_overdue_count(county, persona_client):
    placement_of(county)
    placement_of(county, pupil=county.pupil_b)
    home = reverse("core:home")
    school = persona_client("school_a").get(home)
    assert DUE in content(school)
    assert on_page(school, "1 overdue")
    assert on_page(persona_client("coordinator").get(home), "2 overdue")
    for name in ("chair", "la_officer", "provider", "governance"):
        assert DUE not in content(persona_client(name).get(home)), name
