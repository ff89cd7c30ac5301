"""The school calendar pages: reading a year, and an LA officer adding, changing and deleting
terms and closures. Bad input is a 400 with GOV.UK messages and writes nothing; another
authority's terms are a 404; every write is audited with field names only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Role
from inclusion.audit.models import AuditEvent
from inclusion.calendar import days, services
from inclusion.calendar.days import academic_year_of
from inclusion.calendar.models import Closure, Term
from tests.calendar.factories import OTHER, make_closure, make_term, rutland
from tests.conftest import client_for
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import assert_govuk_error, content, date_parts, on_page

D = dt.date
YEAR = 2026


def year_url(year: int = YEAR) -> str:
    return reverse("calendar:year", kwargs={"year": year})


def term_2026(county: Any, month: int = 9) -> Term:
    starts = {9: D(2026, 9, 1), 1: D(2027, 1, 4), 4: D(2027, 4, 12)}[month]
    return Term.objects.get(local_authority=county.la, starts_on=starts)


def half_term(county: Any) -> Closure:
    return Closure.objects.get(local_authority=county.la, starts_on=D(2026, 10, 26))


SUMMER_SCHOOL = (D(2026, 8, 3), D(2026, 8, 14))
POLLING_DAY = D(2026, 11, 5)


def term_data(
    name: str = "Summer school", starts: Any = SUMMER_SCHOOL[0], ends: Any = SUMMER_SCHOOL[1]
):
    return {"name": name, **date_parts("starts_on", starts), **date_parts("ends_on", ends)}


def closure_data(
    name: str = "Polling day", kind: str = "other", starts: Any = POLLING_DAY, ends: Any = None
):
    return {
        "name": name,
        "kind": kind,
        **date_parts("starts_on", starts),
        **date_parts("ends_on", starts if ends is None else ends),
    }


def counts() -> tuple[int, int, int]:
    return Term.objects.count(), Closure.objects.count(), AuditEvent.objects.count()


@pytest.fixture
def officer(persona_client):
    return persona_client("la_officer")


@pytest.fixture
def rutland_officer(county):
    membership = MembershipFactory.create(
        user=UserFactory.create(email="rutland-officer@example.org"),
        role=Role.LA_OFFICER,
        local_authority=rutland(),
    )
    return client_for(membership)


# Reading.


def test_officer_sees_terms_closures_and_school_days(officer, county):
    response = officer.get(year_url())
    assert response.status_code == 200
    assert on_page(response, "School calendar 2026 to 2027")
    assert on_page(response, "Leicestershire")
    html = content(response)
    for text in ("Autumn term", "1 September 2026", "18 December 2026", "October half term"):
        assert text in html
    # 71 + 53 + 66 school days; 190 in the year (hand-worked in tests/calendar/test_seed.py).
    for number in (">71<", ">53<", ">66<", "<strong>190</strong>"):
        assert number in html
    assert "3 May 2027: May Day" in html  # a bank holiday in term time
    assert "31 May 2027" not in html.split("Bank holidays in term time")[1]  # in half term
    assert "Add a term" in html
    assert reverse("calendar:term_edit", kwargs={"pk": term_2026(county).pk}) in html


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "provider", "virtual_school"])
def test_everyone_who_works_with_pupils_reads_without_changing(persona_client, persona):
    response = persona_client(persona).get(year_url())
    assert response.status_code == 200
    assert "Autumn term" in content(response)
    assert "Add a term" not in content(response)
    assert "/change/" not in content(response)


def test_index_opens_this_school_year(persona_client, county):
    response = persona_client("school_a").get(reverse("calendar:index"))
    assert response.status_code == 302
    assert response["Location"] == year_url(academic_year_of(timezone.localdate()))


def test_a_year_without_terms_warns(officer):
    response = officer.get(year_url(2030))
    assert response.status_code == 200
    assert on_page(response, "No term dates have been added for 2030 to 2031")
    assert "Add a closure" not in content(response)


def test_a_short_year_warns(officer, county):
    term_2026(county, 4).delete()
    response = officer.get(year_url())
    assert on_page(response, "This school year has 124 school days. Most have 190")


@pytest.mark.parametrize("year", [1999, 2101])
def test_implausible_years_are_not_found(officer, year):
    assert officer.get(year_url(year)).status_code == 404


def test_the_year_page_keeps_a_constant_query_count(officer, county):
    with CaptureQueriesContext(connection) as small:
        officer.get(year_url())
    make_term(county.la, YEAR, "Summer school", D(2026, 8, 3), D(2026, 8, 21))
    for day in range(3, 20):
        make_closure(county.la, OTHER, f"Closure {day}", D(2026, 11, day))
    with CaptureQueriesContext(connection) as large:
        response = officer.get(year_url())
    assert "Closure 19" in content(response)
    assert len(large) == len(small)


# Terms.


def test_officer_adds_a_term_audited(officer, county):
    response = officer.post(reverse("calendar:term_create", kwargs={"year": YEAR}), term_data())
    assert response.status_code == 302
    assert response["Location"] == year_url()
    term = Term.objects.get(local_authority=county.la, name="Summer school")
    assert (term.academic_year, term.starts_on, term.ends_on) == (
        2026,
        D(2026, 8, 3),
        D(2026, 8, 14),
    )
    event = AuditEvent.objects.get(target_id=str(term.pk))
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.membership == county.memberships["la_officer"]
    assert event.changes == ["academic_year", "ends_on", "name", "starts_on"]
    assert days.is_school_day(county.la, D(2026, 8, 4))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (term_data(name=""), "Enter the name of the term"),
        (term_data(name="x" * 61), "Name of the term must be 60 characters or fewer"),
        (term_data(starts=None), "Enter the first day of term"),
        (term_data(ends=None), "Enter the last day of term"),
        (
            {**term_data(), "starts_on_day": "31", "starts_on_month": "2"},
            "First day of term must be a real date",
        ),
        (
            {**term_data(), "ends_on_year": ""},
            "Last day of term must include a year",
        ),
        (
            term_data(starts=D(2026, 8, 14), ends=D(2026, 8, 3)),
            "Last day of term must be after the first day of term",
        ),
        (
            term_data(starts=D(2026, 8, 14), ends=D(2026, 8, 14)),
            "Last day of term must be after the first day of term",
        ),
        (
            term_data(starts=D(2026, 7, 27), ends=D(2026, 8, 14)),
            "First day of term must be in the 2026 to 2027 school year, from 1 August 2026 to "
            "31 July 2027",
        ),
        (
            term_data(starts=D(2027, 7, 26), ends=D(2027, 8, 6)),
            "Last day of term must be in the 2026 to 2027 school year",
        ),
        (
            term_data(starts=D(2026, 12, 14), ends=D(2026, 12, 23)),
            "Term dates must not overlap Autumn term (1 September 2026 to 18 December 2026)",
        ),
    ],
)
def test_bad_term_input_writes_nothing(officer, county, data, message):
    before = counts()
    response = officer.post(reverse("calendar:term_create", kwargs={"year": YEAR}), data)
    assert_govuk_error(response, message)
    assert counts() == before


def test_officer_changes_a_term(officer, county):
    term = term_2026(county)
    response = officer.post(
        reverse("calendar:term_edit", kwargs={"pk": term.pk}),
        term_data("Autumn term", D(2026, 9, 1), D(2026, 12, 17)),
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.ends_on == D(2026, 12, 17)
    event = AuditEvent.objects.get(target_id=str(term.pk))
    assert (event.verb, event.changes) == (AuditEvent.Verb.UPDATE, ["ends_on"])
    assert not days.is_school_day(county.la, D(2026, 12, 18))


def test_saving_an_unchanged_term_writes_nothing(officer, county):
    term = term_2026(county)
    before = counts()
    response = officer.post(
        reverse("calendar:term_edit", kwargs={"pk": term.pk}),
        term_data(term.name, term.starts_on, term.ends_on),
    )
    assert response.status_code == 302
    assert counts() == before


def test_a_term_cannot_shrink_away_from_its_closures(officer, county):
    term = term_2026(county)
    before = counts()
    response = officer.post(
        reverse("calendar:term_edit", kwargs={"pk": term.pk}),
        term_data("Autumn term", D(2026, 9, 3), D(2026, 12, 18)),
    )
    assert_govuk_error(
        response,
        "The term must include INSET day (1 September 2026): change or delete that closure first",
    )
    assert counts() == before


def test_a_term_cannot_be_moved_onto_another(officer, county):
    term = term_2026(county, 1)
    response = officer.post(
        reverse("calendar:term_edit", kwargs={"pk": term.pk}),
        term_data("Spring term", D(2026, 12, 1), D(2027, 3, 25)),
    )
    assert_govuk_error(response, "Term dates must not overlap Autumn term")
    term.refresh_from_db()
    assert term.starts_on == D(2027, 1, 4)


def test_deleting_a_term_takes_its_closures_with_it(officer, county):
    term = term_2026(county)
    page = officer.get(reverse("calendar:term_delete", kwargs={"pk": term.pk}))
    assert page.status_code == 200
    assert on_page(page, "October half term (26 October 2026 to 30 October 2026)")
    inside = [c.pk for c in services.closures_inside(term)]
    assert len(inside) == 4  # two INSET days, the INSET day before half term, half term
    response = officer.post(reverse("calendar:term_delete", kwargs={"pk": term.pk}))
    assert response.status_code == 302
    assert not Term.objects.filter(pk=term.pk).exists()
    assert not Closure.objects.filter(pk__in=inside).exists()
    deleted = AuditEvent.objects.filter(verb=AuditEvent.Verb.DELETE)
    assert {e.target_id for e in deleted} == {str(term.pk), *map(str, inside)}


# Closures.


def test_officer_adds_a_closure_audited(officer, county):
    assert days.is_school_day(county.la, D(2026, 11, 5))
    response = officer.post(
        reverse("calendar:closure_create", kwargs={"year": YEAR}), closure_data()
    )
    assert response.status_code == 302
    closure = Closure.objects.get(name="Polling day")
    assert (closure.kind, closure.starts_on, closure.ends_on) == (
        "other",
        D(2026, 11, 5),
        D(2026, 11, 5),
    )
    event = AuditEvent.objects.get(target_id=str(closure.pk))
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.changes == ["ends_on", "kind", "name", "starts_on"]
    assert not days.is_school_day(county.la, D(2026, 11, 5))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (closure_data(name=""), "Enter the name of the closure"),
        ({**closure_data(), "kind": ""}, "Select the type of closure"),
        ({**closure_data(), "kind": "holiday"}, "Select the type of closure"),
        (closure_data(starts=None), "Enter the first day of the closure"),
        (
            {**closure_data(), "ends_on_month": "13"},
            "Last day of the closure must be a real date",
        ),
        (
            closure_data(starts=D(2026, 11, 5), ends=D(2026, 11, 4)),
            "Last day of the closure must be the same as or after the first day",
        ),
        (
            closure_data(starts=D(2026, 12, 24)),
            "First day of the closure must be in a term of the 2026 to 2027 school year",
        ),
        (
            closure_data(starts=D(2027, 9, 6)),  # a term of the next school year
            "First day of the closure must be in a term of the 2026 to 2027 school year",
        ),
        (
            closure_data(starts=D(2026, 12, 17), ends=D(2027, 1, 5)),
            "Last day of the closure must be on or before the last day of Autumn term "
            "(18 December 2026)",
        ),
        (
            closure_data(starts=D(2026, 10, 30), ends=D(2026, 11, 2)),
            "The closure must not overlap October half term (26 October 2026 to 30 October 2026)",
        ),
    ],
)
def test_bad_closure_input_writes_nothing(officer, county, data, message):
    before = counts()
    response = officer.post(reverse("calendar:closure_create", kwargs={"year": YEAR}), data)
    assert_govuk_error(response, message)
    assert counts() == before


def test_officer_changes_and_deletes_a_closure(officer, county):
    closure = half_term(county)
    response = officer.post(
        reverse("calendar:closure_edit", kwargs={"pk": closure.pk}),
        closure_data("Autumn half term", "half_term", D(2026, 10, 26), D(2026, 10, 30)),
    )
    assert response.status_code == 302
    closure.refresh_from_db()
    assert closure.name == "Autumn half term"
    event = AuditEvent.objects.get(target_id=str(closure.pk))
    assert (event.verb, event.changes) == (AuditEvent.Verb.UPDATE, ["name"])

    page = officer.get(reverse("calendar:closure_delete", kwargs={"pk": closure.pk}))
    assert on_page(page, "Delete this closure?")
    response = officer.post(reverse("calendar:closure_delete", kwargs={"pk": closure.pk}))
    assert response.status_code == 302
    assert not Closure.objects.filter(pk=closure.pk).exists()
    assert days.is_school_day(county.la, D(2026, 10, 28))
    assert AuditEvent.objects.filter(
        target_id=str(closure.pk), verb=AuditEvent.Verb.DELETE
    ).exists()


def test_a_closure_cannot_be_moved_out_of_its_term(officer, county):
    closure = half_term(county)
    response = officer.post(
        reverse("calendar:closure_edit", kwargs={"pk": closure.pk}),
        closure_data("October half term", "half_term", D(2026, 12, 21), D(2026, 12, 23)),
    )
    assert_govuk_error(response, "First day of the closure must be in a term")
    closure.refresh_from_db()
    assert closure.starts_on == D(2026, 10, 26)


# Scope: another authority's officer, and everyone else.


def test_another_authoritys_officer_cannot_reach_these_terms(rutland_officer, county):
    term, closure = term_2026(county), half_term(county)
    before = counts()
    for name, pk in (
        ("term_edit", term.pk),
        ("term_delete", term.pk),
        ("closure_edit", closure.pk),
        ("closure_delete", closure.pk),
    ):
        url = reverse(f"calendar:{name}", kwargs={"pk": pk})
        assert rutland_officer.get(url).status_code == 404, name
        assert rutland_officer.post(url, term_data()).status_code == 404, name
    assert counts() == before


def test_another_authoritys_officer_keeps_their_own_calendar(rutland_officer, county):
    page = rutland_officer.get(year_url())
    assert on_page(page, "Rutland")
    assert "Autumn term" not in content(page)
    response = rutland_officer.post(
        reverse("calendar:term_create", kwargs={"year": YEAR}),
        term_data("Autumn term", D(2026, 9, 2), D(2026, 12, 18)),
    )
    assert response.status_code == 302
    assert (
        Term.objects.get(name="Autumn term", starts_on=D(2026, 9, 2)).local_authority == rutland()
    )


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "governance", "service_admin"])
def test_only_officers_write(persona_client, county, persona):
    before = counts()
    client = persona_client(persona)
    create = reverse("calendar:term_create", kwargs={"year": YEAR})
    assert client.post(create, term_data()).status_code == 404
    delete = reverse("calendar:closure_delete", kwargs={"pk": half_term(county).pk})
    assert client.post(delete).status_code == 404
    assert counts() == before


def test_services_refuse_another_authority(county):
    membership = MembershipFactory.create(role=Role.LA_OFFICER, local_authority=rutland())
    with pytest.raises(services.CalendarNotAllowedError):
        services.term_update(
            actor=membership.user,
            membership=membership,
            term=term_2026(county),
            details=services.TermDetails("Renamed", D(2026, 9, 1), D(2026, 12, 18)),
        )
    with pytest.raises(services.CalendarNotAllowedError):
        services.closure_create(
            actor=membership.user,
            membership=county.memberships["school_a"],
            local_authority=county.la,
            academic_year=YEAR,
            details=services.ClosureDetails("Polling day", "other", D(2026, 11, 5), D(2026, 11, 5)),
        )
