"""The demo county: sizes, valid identifiers, idempotence and the demo sign-ins."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from stdnum.gb import upn as stdnum_upn

from inclusion.accounts.models import Membership, Role, User
from inclusion.core.reference import need_type_choices
from inclusion.demo.generate import (
    ACADEMIC_YEAR,
    DEMO_PASSWORD,
    PERSONAS,
    build_county,
    demo_county_size,
)
from inclusion.organisations.models import Agency, LocalAuthority, Partnership, School
from inclusion.providers.models import Provider
from inclusion.pupils.models import Contact, Pupil, PupilNeed
from inclusion.pupils.services import search_name_for
from inclusion.pupils.validation import normalise_postcode

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_county():
    return build_county(pupils=300, schools=12, providers=6, seed=7)


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_demo_county_once():
    first = _seed()
    counts = (Pupil.objects.count(), School.objects.count(), User.objects.count())
    second = _seed()

    assert "Loaded the demo county" in first
    assert "already loaded" in second
    assert (Pupil.objects.count(), School.objects.count(), User.objects.count()) == counts
    assert Partnership.objects.filter(local_authority__dfe_code="855").count() == 5
    assert 50 <= School.objects.count() <= 60
    assert 20 <= Provider.objects.count() <= 30
    assert Agency.objects.count() >= 3
    assert 750 <= Pupil.objects.count() <= 850
    for persona in PERSONAS:
        assert persona.email in second


def test_logins_only_prints_the_table_without_loading(db):
    output = _seed("--logins-only")

    assert "school.staff@demo.inclusion.example" in output
    assert DEMO_PASSWORD in output
    assert "Not loaded yet" in output
    assert not Pupil.objects.exists()


def test_scale_must_be_positive():
    with pytest.raises(ValueError, match="greater than 0"):
        demo_county_size(0)


def test_upns_are_valid_and_unique(small_county):
    upns = list(Pupil.objects.values_list("upn", flat=True))

    assert len(upns) == small_county.pupils == 300
    assert len(set(upns)) == len(upns)
    assert all(stdnum_upn.is_valid(upn) for upn in upns)
    assert all(upn[1:4] == "855" for upn in upns)


def test_schools_have_valid_identifiers_and_districts(small_county):
    schools = list(School.objects.select_related("district", "partnership"))

    assert len({s.urn for s in schools}) == len({s.laestab for s in schools}) == 12
    assert all(s.urn.isdigit() and len(s.urn) == 6 for s in schools)
    assert all(s.laestab.startswith("855") and len(s.laestab) == 7 for s in schools)
    county = LocalAuthority.objects.get(dfe_code="855")
    assert all(s.district is not None and s.district.parent_id == county.pk for s in schools)
    assert all(s.partnership and normalise_postcode(s.postcode).startswith("LE") for s in schools)


def test_looked_after_pupils_have_a_care_authority(small_county):
    looked_after = Pupil.objects.filter(looked_after=True)

    assert looked_after.exists()
    assert not looked_after.filter(care_la__isnull=True).exists()
    assert not Pupil.objects.filter(looked_after=False, care_la__isnull=False).exists()


def test_dates_of_birth_fit_the_year_group(small_county):
    for pupil in Pupil.objects.all():
        born_from = dt.date(ACADEMIC_YEAR - 5 - pupil.nc_year, 9, 1)
        assert born_from <= pupil.date_of_birth < dt.date(born_from.year + 1, 9, 1)
        assert 7 <= pupil.nc_year <= 13


def test_pupil_details_are_plausible(small_county):
    pupils = list(Pupil.objects.all())
    provision = Counter(p.sen_provision for p in pupils)

    assert provision["N"] > provision["K"] > 0
    assert {p.sex for p in pupils} == {"F", "M"}
    assert all(p.search_name == search_name_for(p) for p in pupils)
    assert all(normalise_postcode(p.postcode) == p.postcode for p in pupils)
    assert Contact.objects.exists()


def test_needs_are_ranked_known_codes_for_pupils_with_sen(small_county):
    codes = {code for code, _ in need_type_choices()}
    needs = list(PupilNeed.objects.select_related("pupil"))

    assert needs
    assert all(n.need_type in codes and n.pupil.sen_provision in "EK" for n in needs)
    assert all(n.pupil.needs.filter(rank=1).exists() for n in needs)
    primary = Counter(n.need_type for n in needs if n.rank == 1)
    assert primary.most_common(1)[0][0] == "SEMH"


def test_the_same_seed_builds_the_same_county():
    build_county(pupils=40, schools=10, providers=3, seed=11)
    first = sorted(Pupil.objects.values_list("upn", "legal_last_name", "date_of_birth"))
    Pupil.objects.all().delete()
    Membership.objects.all().delete()
    User.objects.all().delete()
    Provider.objects.all().delete()
    School.objects.all().delete()
    Agency.objects.all().delete()
    Partnership.objects.all().delete()

    build_county(pupils=40, schools=10, providers=3, seed=11)

    assert sorted(Pupil.objects.values_list("upn", "legal_last_name", "date_of_birth")) == first


def test_every_persona_signs_in_with_the_demo_password(small_county):
    for persona in PERSONAS:
        user = authenticate(username=persona.email, password=DEMO_PASSWORD)
        assert isinstance(user, User), persona.email
        assert user.memberships.exists()


def test_persona_memberships(small_county):
    def roles(key: str) -> list[Membership]:
        email = next(p.email for p in PERSONAS if p.key == key)
        return list(Membership.objects.filter(user__email=email).order_by("role"))

    school_a, school_b = roles("school_staff")[0].school, roles("school_staff_2")[0].school
    assert school_a is not None
    assert school_b is not None
    assert school_a != school_b
    assert school_a.partnership_id == school_b.partnership_id == roles("chair")[0].partnership_id
    assert {m.role for m in roles("two_roles")} == {Role.COORDINATOR, Role.SCHOOL_STAFF}
    admin = User.objects.get(email=next(p.email for p in PERSONAS if p.key == "service_admin"))
    assert admin.is_staff
    assert not admin.is_superuser
    assert admin.has_perm("organisations.change_school")
    assert not admin.has_perm("pupils.view_pupil")
    assert Partnership.objects.filter(membership__role=Role.COORDINATOR).distinct().count() == 5


def test_builds_beside_organisations_already_in_the_database(county):
    before = School.objects.count()

    summary = build_county(pupils=50, schools=10, providers=3)

    assert summary.created
    assert School.objects.count() == before + 10
    assert Pupil.objects.count() == 3 + 50
