"""Who sees which pupils: lists, searches, counts and single records (DESIGN.md §5)."""

from __future__ import annotations

import uuid

import pytest
from django.http import Http404
from django.urls import reverse

from inclusion.accounts.models import Role
from inclusion.organisations.models import LocalAuthority
from inclusion.pupils.selectors import (
    PupilFilters,
    access_pupil,
    pupil_search,
    pupils_visible_to,
    schools_for_pupils_of,
)
from tests.factories import MembershipFactory, PupilFactory, SchoolFactory
from tests.helpers import (
    content,
)

LIST = reverse("pupils:list")


def detail(pupil):
    return reverse("pupils:detail", kwargs={"pk": pupil.pk})


def pupil_pages(pupil):
    return [
        reverse(name, kwargs={"pk": pupil.pk})
        for name in ("pupils:detail", "pupils:edit", "pupils:contact_add")
    ]


def count_line(response) -> str:
    """The 'N pupils' status line above the list."""
    html = content(response)
    start = html.index('role="status">') + len('role="status">')
    return html[start : html.index("</p>", start)].strip()


@pytest.fixture
def more_a_pupils(county):
    return PupilFactory.create_batch(2, school=county.school_a)


def test_school_staff_list_shows_only_their_schools_pupils(persona_client, county, more_a_pupils):
    response = persona_client("school_a").get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == sorted(
        [county.pupil_a, *more_a_pupils], key=lambda p: (p.legal_last_name, p.legal_first_name)
    )
    html = content(response)
    assert county.pupil_a.upn in html
    for other in (county.pupil_b, county.pupil_c_looked_after):
        assert other.upn not in html
        assert other.legal_last_name not in html
    assert count_line(response) == "3 pupils"


def test_another_schools_pupil_answers_404_on_every_page(persona_client, county):
    client = persona_client("school_a")
    for url in pupil_pages(county.pupil_b):
        response = client.get(url)
        assert response.status_code == 404, url
        assert county.pupil_b.legal_last_name not in content(response)


def test_searching_another_schools_upn_or_name_finds_nothing(persona_client, county):
    client = persona_client("school_a")
    pupil_b = county.pupil_b
    for query in (pupil_b.upn, pupil_b.upn.lower(), pupil_b.legal_first_name, "billy hart"):
        response = client.get(LIST, {"q": query})
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == [], query
        assert count_line(response) == "0 pupils match your filters", query
        assert "govuk-table__body" not in content(response)
        assert "No pupils match" in content(response)


def test_searching_own_pupils_by_upn_and_name_finds_them(persona_client, county):
    client = persona_client("school_a")
    for query in (county.pupil_a.upn, "amara", "OSEI", "Amara Osei"):
        response = client.get(LIST, {"q": query})
        assert list(response.context["page"].object_list) == [county.pupil_a], query
        assert count_line(response) == "1 pupil match your filters"


def test_filtering_by_another_schools_id_is_not_a_way_in(persona_client, county):
    response = persona_client("coordinator").get(LIST, {"school": str(county.school_c.pk)})
    assert county.pupil_c_looked_after not in response.context["page"].object_list
    assert county.pupil_c_looked_after.upn not in content(response)


def test_provider_staff_see_no_pupils(persona_client, county):
    response = persona_client("provider").get(LIST)
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []
    assert count_line(response) == "0 pupils"
    for pupil in (county.pupil_a, county.pupil_b, county.pupil_c_looked_after):
        assert persona_client("provider").get(detail(pupil)).status_code == 404


@pytest.mark.parametrize("persona", ["governance", "service_admin"])
def test_governance_and_administrators_get_404_on_every_pupil_page(persona, persona_client, county):
    client = persona_client(persona)
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("pupils:create")).status_code == 404
    for pupil in (county.pupil_a, county.pupil_b, county.pupil_c_looked_after):
        for url in pupil_pages(pupil):
            assert client.get(url).status_code == 404, url


def test_virtual_school_sees_only_looked_after_pupils_of_its_own_la(persona_client, county):
    other_la = LocalAuthority.objects.get(dfe_code="856")
    cared_for_elsewhere = PupilFactory.create(
        school=county.school_a, looked_after=True, care_la=other_la
    )
    client = persona_client("virtual_school")
    response = client.get(LIST)
    assert list(response.context["page"].object_list) == [county.pupil_c_looked_after]
    assert count_line(response) == "1 pupil"
    assert client.get(detail(county.pupil_c_looked_after)).status_code == 200
    for pupil in (county.pupil_a, cared_for_elsewhere):
        assert client.get(detail(pupil)).status_code == 404


@pytest.mark.parametrize("persona", ["coordinator", "chair"])
def test_partnership_roles_see_only_their_partnerships_schools(persona, persona_client, county):
    client = persona_client(persona)
    response = client.get(LIST)
    assert set(response.context["page"].object_list) == {county.pupil_a, county.pupil_b}
    assert county.school_c.name not in content(response)
    assert client.get(detail(county.pupil_b)).status_code == 200
    assert client.get(detail(county.pupil_c_looked_after)).status_code == 404
    search = client.get(LIST, {"q": county.pupil_c_looked_after.upn})
    assert list(search.context["page"].object_list) == []


def test_la_officer_sees_the_county(persona_client, county):
    response = persona_client("la_officer").get(LIST)
    assert count_line(response) == "3 pupils"


def test_home_page_count_matches_scope(persona_client, county):
    assert "You can see 1 pupil." in content(persona_client("school_a").get("/"))
    assert "You can see 2 pupils." in content(persona_client("coordinator").get("/"))
    assert "You can see" not in content(persona_client("governance").get("/"))


# Selectors directly ---------------------------------------------------------------------


def test_pupils_visible_to_each_persona(county):
    expected = {
        "school_a": {county.pupil_a},
        "school_b": {county.pupil_b},
        "coordinator": {county.pupil_a, county.pupil_b},
        "chair": {county.pupil_a, county.pupil_b},
        "provider": set(),
        "virtual_school": {county.pupil_c_looked_after},
        "la_officer": {county.pupil_a, county.pupil_b, county.pupil_c_looked_after},
        "governance": set(),
        "service_admin": set(),
    }
    for name, pupils in expected.items():
        membership = county.memberships[name]
        assert set(pupils_visible_to(membership=membership)) == pupils, name


def test_no_membership_sees_nothing(county):
    assert not pupils_visible_to(membership=None).exists()
    assert not schools_for_pupils_of(membership=None).exists()
    with pytest.raises(Http404):
        access_pupil(membership=None, pk=county.pupil_a.pk)


def test_la_officer_of_another_authority_sees_none_of_this_county(county):
    city = LocalAuthority.objects.get(dfe_code="856")
    officer = MembershipFactory.create(role=Role.LA_OFFICER, local_authority=city)
    assert not pupils_visible_to(membership=officer).exists()
    city_school = SchoolFactory.create(local_authority=city, partnership=None)
    city_pupil = PupilFactory.create(school=city_school)
    assert list(pupils_visible_to(membership=officer)) == [city_pupil]


def test_access_pupil_returns_visible_pupils(county):
    pupil = access_pupil(membership=county.memberships["school_a"], pk=county.pupil_a.pk)
    assert pupil == county.pupil_a


@pytest.mark.parametrize(
    ("persona", "pupil_attr"),
    [
        ("school_a", "pupil_b"),
        ("school_b", "pupil_a"),
        ("coordinator", "pupil_c_looked_after"),
        ("provider", "pupil_a"),
        ("virtual_school", "pupil_a"),
        ("governance", "pupil_a"),
        ("service_admin", "pupil_c_looked_after"),
    ],
)
def test_access_pupil_raises_404_out_of_scope(persona, pupil_attr, county):
    with pytest.raises(Http404):
        access_pupil(membership=county.memberships[persona], pk=getattr(county, pupil_attr).pk)


def test_access_pupil_raises_404_for_unknown_pk(county):
    with pytest.raises(Http404):
        access_pupil(membership=county.memberships["la_officer"], pk=uuid.uuid4())


def test_pupil_search_stays_inside_scope(county):
    membership = county.memberships["school_a"]
    by_upn = pupil_search(membership=membership, filters=PupilFilters(query=county.pupil_b.upn))
    by_name = pupil_search(membership=membership, filters=PupilFilters(query="hart"))
    by_school = pupil_search(
        membership=membership, filters=PupilFilters(school_id=county.school_b.pk)
    )
    assert not by_upn.exists()
    assert not by_name.exists()
    assert not by_school.exists()


def test_schools_for_pupils_of_each_role(county):
    def names(persona):
        return {s.name for s in schools_for_pupils_of(membership=county.memberships[persona])}

    assert names("school_a") == {county.school_a.name}
    assert names("coordinator") == {county.school_a.name, county.school_b.name}
    assert {county.school_a.name, county.school_c.name} <= names("la_officer")
    assert names("provider") == set()
    assert names("governance") == set()
