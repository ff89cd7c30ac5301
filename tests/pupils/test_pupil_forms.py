"""Adding and changing pupils through the pages: GOV.UK errors, and nothing half-saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from stdnum.gb import upn as stdnum_upn

from inclusion.audit.models import AuditEvent
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.organisations.models import LocalAuthority
from inclusion.pupils.models import Contact, Pupil, PupilNeed
from inclusion.pupils.validation import (
    academic_year_start,
    build_upn,
    check_secondary_date_of_birth,
    normalise_postcode,
    normalise_upn,
)
from tests.helpers import (
    assert_govuk_error,
    date_parts,
    edit_version,
    permanent_upn,
    pupil_form_data,
)

CREATE = reverse("pupils:create")
ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ"


def edit_url(pupil: Pupil) -> str:
    return reverse("pupils:edit", kwargs={"pk": pupil.pk})


def contact_url(pupil: Pupil) -> str:
    return reverse("pupils:contact_add", kwargs={"pk": pupil.pk})


def snapshot() -> tuple[int, int, int, int]:
    return (
        Pupil.objects.count(),
        PupilNeed.objects.count(),
        Contact.objects.count(),
        AuditEvent.objects.exclude(verb=AuditEvent.Verb.VIEW).count(),
    )


def record_of(pupil: Pupil) -> dict[str, Any]:
    row: dict[str, Any] = dict(Pupil.objects.filter(pk=pupil.pk).values().get())
    row["needs"] = list(pupil.needs.order_by("rank").values_list("need_type", flat=True))
    return row


def wrong_check_letter(upn: str) -> str:
    return next(letter for letter in ALPHABET if letter != upn[0]) + upn[1:]


def temporary_upn(serial: str = "01A") -> str:
    body = f"855400120{serial}"
    return stdnum_upn.calc_check_digit(body) + body


def dob_bounds() -> tuple[dt.date, dt.date]:
    anchor = academic_year_start(timezone.localdate())
    return dt.date(anchor.year - 20, 9, 1), dt.date(anchor.year - 10, 8, 31)


def implausible_message() -> str:
    earliest, latest = dob_bounds()
    return (
        f"Date of birth must be between {govuk_date(earliest)} and {govuk_date(latest)} "
        "for a pupil of secondary school age"
    )


# Creating --------------------------------------------------------------------------------


def test_school_staff_get_the_form_with_their_school_fixed(persona_client, county):
    response = persona_client("school_a").get(CREATE)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'type="hidden" name="school" value="{county.school_a.pk}"' in html
    assert county.school_b.name not in html


def test_valid_create_redirects_and_saves_with_ranked_needs(persona_client, county):
    upn = permanent_upn(11)
    response = persona_client("school_a").post(
        CREATE, pupil_form_data(school=county.school_a, upn=upn)
    )
    pupil = Pupil.objects.get(upn=upn)
    assert response.status_code == 302
    assert response["Location"] == reverse("pupils:detail", kwargs={"pk": pupil.pk})
    assert pupil.school == county.school_a
    assert pupil.legal_last_name == "Quartermaine"
    assert pupil.postcode == "LE10 1AA"
    assert pupil.search_name == "zainab quartermaine"
    assert not pupil.upn_is_temporary
    assert [(n.rank, n.need_type) for n in pupil.needs.order_by("rank")] == [
        (1, "SEMH"),
        (2, "SPLD"),
    ]
    assert not pupil.looked_after
    assert pupil.care_la is None


def test_looked_after_pupil_is_saved_with_care_la(persona_client, county):
    city = LocalAuthority.objects.get(dfe_code="856")
    upn = permanent_upn(12)
    data = pupil_form_data(
        school=county.school_b, upn=upn, looked_after="yes", care_la=str(city.pk)
    )
    response = persona_client("coordinator").post(CREATE, data)
    assert response.status_code == 302
    pupil = Pupil.objects.get(upn=upn)
    assert pupil.looked_after
    assert pupil.care_la == city
    assert pupil.school == county.school_b


def test_care_la_is_dropped_when_not_looked_after(persona_client, county):
    upn = permanent_upn(13)
    data = pupil_form_data(
        school=county.school_a, upn=upn, looked_after="no", care_la=str(county.la.pk)
    )
    assert persona_client("school_a").post(CREATE, data).status_code == 302
    assert Pupil.objects.get(upn=upn).care_la is None


def test_upn_is_normalised(persona_client, county):
    upn = permanent_upn(14)
    spaced = f" {upn[:4].lower()} {upn[4:]} "
    data = pupil_form_data(school=county.school_a, upn=spaced)
    assert persona_client("school_a").post(CREATE, data).status_code == 302
    assert Pupil.objects.filter(upn=upn).exists()


def _today() -> dt.date:
    return timezone.localdate()


INVALID_CREATES: list[tuple[str, dict[str, str], str]] = [
    (
        "wrong check letter",
        {"upn": wrong_check_letter(permanent_upn(21))},
        "Enter a UPN with the correct check letter: the first letter does not match the "
        "other 12 characters",
    ),
    ("UPN too short", {"upn": permanent_upn(21)[:12]}, "UPN must be 13 characters"),
    ("UPN too long", {"upn": permanent_upn(21) + "1"}, "UPN must be 13 characters"),
    (
        "UPN with unknown LA",
        {"upn": build_upn(la_code="999", establishment="4001", year=20, serial=1)},
        "Enter a UPN whose characters 2 to 4 are a real local authority code",
    ),
    (
        "UPN with a symbol",
        {"upn": permanent_upn(21)[:12] + "!"},
        "Enter a UPN in the correct format, like A801200005001",
    ),
    (
        "date of birth in the future",
        date_parts("date_of_birth", _today() + dt.timedelta(days=30)),
        "Date of birth must be in the past",
    ),
    (
        "date of birth today",
        date_parts("date_of_birth", _today()),
        "Date of birth must be in the past",
    ),
    (
        "date of birth too young",
        date_parts("date_of_birth", dt.date(2020, 6, 1)),
        implausible_message(),
    ),
    (
        "date of birth too old",
        date_parts("date_of_birth", dt.date(1990, 6, 1)),
        implausible_message(),
    ),
    (
        "date that is not real",
        {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2012"},
        "Date of birth must be a real date",
    ),
    (
        "date in words",
        {"date_of_birth_day": "3", "date_of_birth_month": "March", "date_of_birth_year": "2012"},
        "Date of birth must be a real date",
    ),
    (
        "two-digit year",
        {"date_of_birth_day": "3", "date_of_birth_month": "3", "date_of_birth_year": "12"},
        "Date of birth must be a real date",
    ),
    (
        "date with a huge year",
        {"date_of_birth_day": "3", "date_of_birth_month": "3", "date_of_birth_year": "9" * 20},
        "Date of birth must be a real date",
    ),
    (
        "date missing a year",
        {"date_of_birth_day": "3", "date_of_birth_month": "3", "date_of_birth_year": ""},
        "Date of birth must include a year",
    ),
    (
        "date missing a day and month",
        {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": "2012"},
        "Date of birth must include a day and month",
    ),
    ("postcode LE1", {"postcode": "LE1"}, "Enter a real postcode, like LE3 8RF"),
    ("postcode ABC 123", {"postcode": "ABC 123"}, "Enter a real postcode, like LE3 8RF"),
    ("empty first name", {"legal_first_name": ""}, "Enter the pupil's legal first name"),
    ("blank first name", {"legal_first_name": "   "}, "Enter the pupil's legal first name"),
    ("empty last name", {"legal_last_name": ""}, "Enter the pupil's legal last name"),
    ("empty UPN", {"upn": ""}, "Enter the pupil's UPN"),
    ("empty postcode", {"postcode": ""}, "Enter the pupil's home postcode"),
    ("empty sex", {"sex": ""}, "Select the pupil's sex"),
    ("empty year group", {"nc_year": ""}, "Select the pupil's year group"),
    ("year group out of range", {"nc_year": "3"}, "Select a valid choice"),
    ("empty date of birth", date_parts("date_of_birth", None), "Enter the pupil's date of birth"),
    (
        "empty SEN provision",
        {"sen_provision": "", "primary_need": "", "secondary_need": ""},
        "Select the pupil's special educational needs provision",
    ),
    ("empty looked after", {"looked_after": ""}, "Select yes if the pupil is looked after"),
    (
        "empty consent",
        {"consent_to_share": ""},
        "Select whether consent to share has been given",
    ),
    (
        "looked after without care LA",
        {"looked_after": "yes", "care_la": ""},
        "Select the local authority that looks after the pupil",
    ),
    (
        "needs with provision N",
        {"sen_provision": "N"},
        "Remove the needs, or select EHC plan or SEN support as the provision",
    ),
    (
        "secondary need without primary",
        {"primary_need": ""},
        "Select a primary need before a secondary need",
    ),
    (
        "same need twice",
        {"primary_need": "SEMH", "secondary_need": "SEMH"},
        "Select a secondary need different from the primary need",
    ),
]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [pytest.param(o, m, id=name) for name, o, m in INVALID_CREATES],
)
def test_invalid_create_shows_error_and_saves_nothing(overrides, message, persona_client, county):
    before = snapshot()
    data = pupil_form_data(school=county.school_a, upn=permanent_upn(21)) | overrides
    response = persona_client("school_a").post(CREATE, data)
    assert_govuk_error(response, message)
    assert snapshot() == before


def test_invalid_create_keeps_what_was_typed(persona_client, county):
    data = pupil_form_data(school=county.school_a, postcode="LE1")
    response = persona_client("school_a").post(CREATE, data)
    html = response.content.decode()
    assert 'value="Quartermaine"' in html
    assert 'value="LE1"' in html


def test_duplicate_permanent_upn_is_refused(persona_client, county):
    before = snapshot()
    for upn in (county.pupil_a.upn, county.pupil_b.upn):
        data = pupil_form_data(school=county.school_a, upn=upn)
        response = persona_client("school_a").post(CREATE, data)
        assert_govuk_error(
            response,
            "A pupil with this UPN is already recorded. Check the UPN, or ask your "
            "partnership co-ordinator to find the existing record",
        )
    assert snapshot() == before


def test_temporary_upns_are_accepted_and_may_repeat(persona_client, county):
    upn = temporary_upn()
    assert not upn[-1].isdigit()
    client = persona_client("school_a")
    for first_name in ("Tomas", "Tamsin"):
        data = pupil_form_data(school=county.school_a, upn=upn, legal_first_name=first_name)
        assert client.post(CREATE, data).status_code == 302
    saved = Pupil.objects.filter(upn=upn)
    assert saved.count() == 2
    assert all(p.upn_is_temporary for p in saved)


def test_school_staff_cannot_file_a_pupil_under_another_school(persona_client, county):
    before = snapshot()
    data = pupil_form_data(school=county.school_b, upn=permanent_upn(22))
    response = persona_client("school_a").post(CREATE, data)
    assert_govuk_error(response, "Select a school from the list")
    assert snapshot() == before
    assert not Pupil.objects.filter(upn=permanent_upn(22)).exists()


def test_coordinator_cannot_file_a_pupil_outside_the_partnership(persona_client, county):
    before = snapshot()
    data = pupil_form_data(school=county.school_c, upn=permanent_upn(23))
    response = persona_client("coordinator").post(CREATE, data)
    assert_govuk_error(response, "Select a school from the list")
    assert snapshot() == before


def test_coordinator_must_choose_a_school(persona_client, county):
    data = pupil_form_data(school=county.school_a, upn=permanent_upn(24))
    data["school"] = ""
    response = persona_client("coordinator").post(CREATE, data)
    assert_govuk_error(response, "Select the school the pupil is on roll at")


def test_roles_without_create_rule_cannot_post(persona_client, county):
    before = snapshot()
    for persona in ("chair", "la_officer", "provider", "virtual_school", "governance"):
        data = pupil_form_data(school=county.school_a, upn=permanent_upn(25))
        assert persona_client(persona).post(CREATE, data).status_code == 404, persona
    assert snapshot() == before


# Changing ---------------------------------------------------------------------------------


def test_edit_form_is_prefilled(persona_client, county):
    response = persona_client("school_a").get(edit_url(county.pupil_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{county.pupil_a.upn}"' in html
    assert 'value="Amara"' in html


@pytest.mark.parametrize("persona", ["school_a", "coordinator"])
def test_valid_edit_saves(persona, persona_client, county):
    pupil = county.pupil_a
    data = pupil_form_data(
        school=county.school_a,
        upn=pupil.upn,
        legal_first_name="Amara",
        legal_last_name="Osei-Mensah",
        sen_provision="E",
        primary_need="ASD",
        secondary_need="",
    )
    client = persona_client(persona)
    response = client.post(edit_url(pupil), data | edit_version(client, edit_url(pupil)))
    assert response.status_code == 302
    assert response["Location"] == reverse("pupils:detail", kwargs={"pk": pupil.pk})
    pupil.refresh_from_db()
    assert pupil.legal_last_name == "Osei-Mensah"
    assert pupil.search_name == "amara osei-mensah"
    assert pupil.sen_provision == "E"
    assert list(pupil.needs.values_list("need_type", "rank")) == [("ASD", 1)]


def test_coordinator_can_move_a_pupil_between_partnership_schools(persona_client, county):
    pupil = county.pupil_a
    data = pupil_form_data(school=county.school_b, upn=pupil.upn)
    client = persona_client("coordinator")
    data |= edit_version(client, edit_url(pupil))
    assert client.post(edit_url(pupil), data).status_code == 302
    pupil.refresh_from_db()
    assert pupil.school == county.school_b


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"postcode": "ABC 123"}, "Enter a real postcode, like LE3 8RF"),
        ({"legal_last_name": ""}, "Enter the pupil's legal last name"),
        (
            {"date_of_birth_day": "31", "date_of_birth_month": "2", "date_of_birth_year": "2012"},
            "Date of birth must be a real date",
        ),
        (
            {"looked_after": "yes", "care_la": ""},
            "Select the local authority that looks after the pupil",
        ),
    ],
)
def test_invalid_edit_shows_error_and_changes_nothing(overrides, message, persona_client, county):
    pupil = county.pupil_a
    before = record_of(pupil)
    data = pupil_form_data(school=county.school_a, upn=pupil.upn, **overrides)
    response = persona_client("school_a").post(edit_url(pupil), data)
    assert_govuk_error(response, message)
    assert record_of(pupil) == before


def test_edit_to_another_pupils_upn_is_refused(persona_client, county):
    pupil = county.pupil_a
    before = record_of(pupil)
    data = pupil_form_data(school=county.school_a, upn=county.pupil_b.upn)
    client = persona_client("coordinator")
    response = client.post(edit_url(pupil), data | edit_version(client, edit_url(pupil)))
    assert_govuk_error(response, "A pupil with this UPN is already recorded.")
    assert record_of(pupil) == before


def test_school_staff_cannot_move_their_pupil_to_another_school(persona_client, county):
    pupil = county.pupil_a
    before = record_of(pupil)
    data = pupil_form_data(school=county.school_b, upn=pupil.upn)
    response = persona_client("school_a").post(edit_url(pupil), data)
    assert_govuk_error(response, "Select a school from the list")
    assert record_of(pupil) == before


def test_edit_out_of_scope_is_404_and_changes_nothing(persona_client, county):
    pupil = county.pupil_a
    before = record_of(pupil)
    data = pupil_form_data(school=county.school_b, upn=pupil.upn, legal_last_name="Changed")
    for persona in ("school_b", "chair", "la_officer"):
        assert persona_client(persona).post(edit_url(pupil), data).status_code == 404
    assert record_of(pupil) == before


# Parents and carers ----------------------------------------------------------------------


def contact_data(**overrides: str) -> dict[str, str]:
    data = {
        "name": "Grace Osei",
        "relationship": "Mother",
        "phone": "07700 900982",
        "email": "grace@example.org",
        "parental_responsibility": "yes",
    }
    data.update(overrides)
    return data


def test_adding_a_contact_saves_it(persona_client, county):
    pupil = county.pupil_a
    response = persona_client("school_a").post(contact_url(pupil), contact_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("pupils:detail", kwargs={"pk": pupil.pk})
    contact = pupil.contacts.get()
    assert (contact.name, contact.relationship, contact.phone, contact.email) == (
        "Grace Osei",
        "Mother",
        "07700 900982",
        "grace@example.org",
    )
    assert contact.parental_responsibility
    assert contact.priority == 1
    second = contact_data(name="Kofi Osei", phone="+44 116 496 0000", email="")
    persona_client("coordinator").post(contact_url(pupil), second)
    assert list(pupil.contacts.values_list("name", "priority")) == [
        ("Grace Osei", 1),
        ("Kofi Osei", 2),
    ]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "12345"}, "Enter a phone number, like 01632 960 001 or 07700 900 982"),
        ({"phone": "0116 abc 1234"}, "Enter a phone number, like 01632 960 001 or 07700 900 982"),
        (
            {"email": "grace-at-example"},
            "Enter an email address in the correct format, like name@example.com",
        ),
        ({"name": ""}, "Enter full name"),
        ({"relationship": ""}, "Enter relationship to the pupil"),
        ({"parental_responsibility": ""}, "Select yes if they have parental responsibility"),
    ],
)
def test_invalid_contact_shows_error_and_saves_nothing(overrides, message, persona_client, county):
    before = snapshot()
    response = persona_client("school_a").post(
        contact_url(county.pupil_a), contact_data(**overrides)
    )
    assert_govuk_error(response, message)
    assert snapshot() == before


def test_contact_for_out_of_scope_pupil_is_404(persona_client, county):
    before = snapshot()
    response = persona_client("school_a").post(contact_url(county.pupil_b), contact_data())
    assert response.status_code == 404
    assert snapshot() == before


# validation.py ------------------------------------------------------------------------


def test_normalise_upn_compacts_and_flags_temporary():
    upn = permanent_upn(31)
    assert normalise_upn(f"{upn[:5].lower()} {upn[5:]}") == (upn, False)
    temp = temporary_upn("02B")
    assert normalise_upn(temp.lower()) == (temp, True)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (wrong_check_letter(permanent_upn(31)), "checksum"),
        (permanent_upn(31)[:-1], "length"),
        ("", "length"),
        (build_upn(la_code="999", establishment="4001", year=20, serial=1), "la"),
        (permanent_upn(31)[:6] + "X" + permanent_upn(31)[7:], "format"),
    ],
)
def test_normalise_upn_rejects(value, code):
    with pytest.raises(ValidationError) as caught:
        normalise_upn(value)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("le3 8rf", "LE3 8RF"),
        ("LE38RF", "LE3 8RF"),
        ("  le65   2ab ", "LE65 2AB"),
        ("B11AA", "B1 1AA"),
        ("ec1a1bb", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
    ],
)
def test_normalise_postcode(value, expected):
    assert normalise_postcode(value) == expected


@pytest.mark.parametrize("value", ["LE1", "ABC 123", "", "LE3 8RFF", "123 4AB", "LE3-8RF"])
def test_normalise_postcode_rejects(value):
    with pytest.raises(ValidationError) as caught:
        normalise_postcode(value)
    assert caught.value.messages == ["Enter a real postcode, like LE3 8RF"]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 9, 1), dt.date(2026, 8, 31)),
        (dt.date(2026, 8, 31), dt.date(2025, 8, 31)),
        (dt.date(2027, 1, 15), dt.date(2026, 8, 31)),
    ],
)
def test_academic_year_start(today, expected):
    assert academic_year_start(today) == expected


def test_check_secondary_date_of_birth_bounds():
    today = dt.date(2026, 11, 28)
    check_secondary_date_of_birth(dt.date(2006, 9, 1), today=today)
    check_secondary_date_of_birth(dt.date(2016, 8, 31), today=today)
    for value in (dt.date(2006, 8, 31), dt.date(2016, 9, 1)):
        with pytest.raises(ValidationError) as caught:
            check_secondary_date_of_birth(value, today=today)
        assert caught.value.code == "implausible"
        assert caught.value.messages == [
            "Date of birth must be between 1 September 2006 and 31 August 2016 "
            "for a pupil of secondary school age"
        ]
    for value in (today, today + dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as caught:
            check_secondary_date_of_birth(value, today=today)
        assert caught.value.code == "future"


def test_build_upn_is_valid_and_structured():
    upn = build_upn(la_code="855", establishment="4001", year=2020, serial=7)
    assert upn[1:] == "855400120007"
    assert stdnum_upn.validate(upn) == upn
    assert normalise_upn(upn) == (upn, False)
