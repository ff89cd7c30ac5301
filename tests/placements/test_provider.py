"""The provider's view (issue 5, part 5): their pupils, and each pupil's information pack —
the shared fields and nothing else about the pupil."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.placements.models import Placement
from inclusion.placements.presenters.pack import (
    PACK_FIELDS,
    clock,
    hours_text,
    shared_fields,
    short_name,
)
from tests.factories import PupilFactory, UserFactory
from tests.helpers import content, on_page
from tests.placements.factories_provider import (
    ALL_FIELDS,
    note,
    other_site,
    provider_placement,
    pupil_at_school_a,
    site_of,
    with_needs,
)

pytestmark = pytest.mark.django_db

PUPILS = reverse("placements:provider_pupils")


def pack_url(placement: Placement) -> str:
    return reverse("placements:pack", kwargs={"pk": placement.pk})


def secrets_of(pupil, *, last_name: bool = True) -> list[str]:
    """What the provider must never see about a pupil, however the page formats it (the last
    name only when the school did not share the name the pupil uses)."""
    return [
        pupil.upn,
        *([pupil.legal_last_name] if last_name else []),
        pupil.date_of_birth.isoformat(),
        govuk_date(pupil.date_of_birth),
        pupil.postcode,
        pupil.address_line_1,
    ]


@pytest.fixture
def amara(county):
    """Amara (pupil_a) with a home address, a preferred name, SEN and a referral."""
    pupil = county.pupil_a
    pupil.preferred_first_name = "Ami"
    pupil.address_line_1 = "7 Fictional Row"
    pupil.sen_provision = "K"
    pupil.save()
    with_needs(pupil, "SEMH", "SPLD")
    return pupil


# --- The list of the provider's pupils ---------------------------------------------------


def test_provider_sees_current_and_lately_ended_placements_only(county, persona_client):
    today = timezone.localdate()
    active = provider_placement(county, pupil=pupil_at_school_a(county, legal_first_name="Ada"))
    agreed = provider_placement(
        county,
        pupil=pupil_at_school_a(county, legal_first_name="Bea"),
        status=Placement.Status.AGREED,
        start_date=today + dt.timedelta(days=7),
    )
    lately = provider_placement(
        county,
        pupil=pupil_at_school_a(county, legal_first_name="Cal"),
        status=Placement.Status.ENDED,
        end_date=today - dt.timedelta(days=30),
    )
    long_ago = provider_placement(
        county,
        pupil=pupil_at_school_a(county, legal_first_name="Dee"),
        status=Placement.Status.ENDED,
        start_date=today - dt.timedelta(days=200),
        end_date=today - dt.timedelta(days=31),
    )
    proposed = provider_placement(
        county,
        pupil=pupil_at_school_a(county, legal_first_name="Eve"),
        status=Placement.Status.PROPOSED,
    )
    elsewhere = provider_placement(
        county, pupil=pupil_at_school_a(county, legal_first_name="Fay"), site=other_site()
    )

    response = persona_client("provider").get(PUPILS)

    assert response.status_code == 200
    html = content(response)
    for shown in (active, agreed, lately):
        assert pack_url(shown) in html
        assert short_name(shown.pupil) in html
    for hidden in (long_ago, proposed, elsewhere):
        assert pack_url(hidden) not in html
        assert hidden.pupil.legal_first_name not in html
    # Active first, then agreed, then ended.
    assert html.index("Ada ") < html.index("Bea ") < html.index("Cal ")


def test_each_row_shows_the_short_name_site_start_status_and_timetable(
    county, persona_client, amara
):
    placement = provider_placement(county, pupil=amara, hours=15)

    response = persona_client("provider").get(PUPILS)

    assert on_page(response, "Ami O.")
    assert on_page(response, site_of(county).name)
    assert on_page(response, govuk_date(placement.start_date))
    assert on_page(response, "Active")
    assert on_page(response, "Monday, Tuesday and Wednesday: 15 hours a week")
    html = content(response)
    for secret in secrets_of(amara):
        assert secret not in html, secret
    assert "Amara" not in html  # the legal first name, when the pupil uses another


def test_a_placement_without_sessions_says_so(county, persona_client):
    provider_placement(county, hours=0)
    assert on_page(persona_client("provider").get(PUPILS), "No timetable yet")


def test_an_empty_list_says_so(county, persona_client):
    provider_placement(county, site=other_site())
    assert on_page(
        persona_client("provider").get(PUPILS), "You have no pupils with a current placement."
    )


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "la_officer", "virtual_school"])
def test_only_provider_staff_have_the_list(county, persona_client, persona):
    assert persona_client(persona).get(PUPILS).status_code == 404


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PUPILS).status_code == 200
    return len(queries)


def test_the_list_keeps_a_constant_query_count(county, persona_client):
    client = persona_client("provider")
    for _ in range(2):
        provider_placement(county, pupil=pupil_at_school_a(county))
    small = _list_queries(client)
    for _ in range(18):
        provider_placement(county, pupil=pupil_at_school_a(county))
    assert content(client.get(PUPILS)).count("Information pack<span") == 20
    assert _list_queries(client) == small


# --- The information pack ----------------------------------------------------------------


def test_the_pack_shows_every_shared_field(county, persona_client, amara):
    placement = provider_placement(
        county,
        pupil=amara,
        with_referral=True,
        pack_fields=ALL_FIELDS,
        objectives="Fictional: re-engage with maths and English.",
        transport="Fictional: taxi from home, 8.30am.",
        target_end_date=timezone.localdate() + dt.timedelta(days=90),
    )

    response = persona_client("provider").get(pack_url(placement))

    assert response.status_code == 200
    for shown in (
        "Ami Osei",  # the whole name the pupil uses, as it was shared
        county.school_a.name,
        county.provider.name,
        site_of(county).name,
        site_of(county).address_line_1,
        govuk_date(placement.start_date),
        govuk_date(placement.target_end_date),
        "Fictional: taxi from home, 8.30am.",
        "Fictional: re-engage with maths and English.",
        "Monday",
        "9am to 3pm",
        "15 hours a week",
        "Year 9",
        "SEN support",
        "Social, emotional and mental health",
        "Specific learning difficulty",
        "None known.",  # known risks
        "Fictional: 'I want to do well in maths.'",  # the pupil's voice
        "Dana Lead",  # the DSL
        "dana.lead@example.org",
        "Alex Referrer",  # the school's contact for attendance
        "alex.referrer@example.org",
    ):
        assert on_page(response, shown), shown
    html = content(response)
    for secret in [*secrets_of(amara, last_name=False), "Amara"]:
        assert secret not in html, secret
    referral = placement.referral
    assert referral is not None
    for answer in (
        referral.reference,
        referral.reason,
        referral.needs_semh,
        referral.behaviour_summary,
        referral.parent_views,
    ):
        assert answer not in html, answer


def test_the_pack_leaves_out_what_was_not_shared(county, persona_client, amara):
    placement = provider_placement(
        county,
        pupil=amara,
        with_referral=True,
        pack_fields=[],
        objectives="Fictional: re-engage with maths.",
    )

    response = persona_client("provider").get(pack_url(placement))

    assert response.status_code == 200
    assert on_page(response, "Ami O.")  # always named: the provider must know whom they teach
    assert on_page(response, "Dana Lead")  # the quick route to the DSL is always there
    for unshared in (
        "Ami Osei",
        "Year 9",
        "SEN support",
        "Social, emotional and mental health",
        "None known.",
        "I want to do well in maths",
        "Fictional: re-engage with maths.",
        "Alex Referrer",
        "alex.referrer@example.org",
    ):
        assert not on_page(response, unshared), unshared
    assert on_page(response, "The school has shared nothing more about the pupil.")


def test_a_pack_without_a_referral_says_what_is_not_recorded(county, persona_client):
    placement = provider_placement(
        county, pack_fields=["known_risks", "pupil_voice", "attendance_contact"]
    )
    response = persona_client("provider").get(pack_url(placement))
    assert response.status_code == 200
    assert on_page(response, "Not recorded: contact Brookvale Academy")
    assert content(response).count("Not recorded") >= 3


def test_the_pack_shows_no_other_placement_or_provider(county, persona_client, amara):
    here = provider_placement(county, pupil=amara, pack_fields=ALL_FIELDS)
    there = provider_placement(
        county, pupil=amara, site=other_site(), start_date=dt.date(2025, 9, 8), hours=6
    )
    html = content(persona_client("provider").get(pack_url(here)))
    assert "Elsewhere Farm" not in html
    assert there.site.address_line_1 not in html
    assert govuk_date(there.start_date) not in html


def test_reading_the_pack_is_audited_with_the_pupil(county, persona_client):
    placement = provider_placement(county)
    persona_client("provider").get(pack_url(placement))
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.VIEW, target_type="placements.placement")
    assert event.target_id == str(placement.pk)
    assert event.pupil_id == county.pupil_a.pk
    assert event.membership == county.memberships["provider"]
    assert event.actor == county.memberships["provider"].user


@pytest.mark.parametrize("persona", ["school_a", "coordinator"])
def test_the_school_and_coordinator_preview_what_the_provider_sees(county, persona_client, persona):
    placement = provider_placement(county, status=Placement.Status.PROPOSED, pack_fields=[])
    response = persona_client(persona).get(pack_url(placement))
    assert response.status_code == 200
    assert on_page(response, "This is what Skills Barn sees about this pupil, and nothing more.")
    assert on_page(response, "Amara O.")
    assert not on_page(response, "Record a progress note or incident")
    assert reverse("placements:notes", kwargs={"pk": placement.pk}) in content(response)


def test_the_provider_sees_no_preview_banner_and_may_record_notes(county, persona_client):
    placement = provider_placement(county)
    response = persona_client("provider").get(pack_url(placement))
    assert not on_page(response, "This is what Skills Barn sees")
    assert reverse("placements:note_add", kwargs={"pk": placement.pk}) in content(response)
    notes_link = 'href="{}"'.format(reverse("placements:notes", kwargs={"pk": placement.pk}))
    assert notes_link not in content(response)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("school_b", Placement.Status.ACTIVE),  # another school's pupil
        ("chair", Placement.Status.ACTIVE),
        ("la_officer", Placement.Status.ACTIVE),
        ("virtual_school", Placement.Status.ACTIVE),
        ("provider", Placement.Status.PROPOSED),  # not yet agreed
    ],
)
def test_a_pack_outside_scope_is_404(county, persona_client, persona, status):
    placement = provider_placement(county, status=status)
    assert persona_client(persona).get(pack_url(placement)).status_code == 404
    assert not AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW).exists()


def test_a_pack_at_another_provider_or_long_ended_is_404_to_the_provider(county, persona_client):
    client = persona_client("provider")
    elsewhere = provider_placement(county, site=other_site())
    long_ended = provider_placement(
        county,
        status=Placement.Status.ENDED,
        end_date=timezone.localdate() - dt.timedelta(days=31),
    )
    assert client.get(pack_url(elsewhere)).status_code == 404
    assert client.get(pack_url(long_ended)).status_code == 404
    missing = reverse("placements:pack", kwargs={"pk": "00000000-0000-0000-0000-000000000000"})
    assert client.get(missing).status_code == 404


def _pack_queries(client, placement) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(pack_url(placement)).status_code == 200
    return len(queries)


def test_the_pack_keeps_a_constant_query_count_as_notes_grow(county, persona_client):
    placement = provider_placement(county, pack_fields=ALL_FIELDS, with_referral=True)
    with_needs(county.pupil_a, "SEMH")
    client = persona_client("provider")
    authors = [UserFactory.create() for _ in range(20)]
    for author in authors[:2]:
        note(placement, by=author)
    small = _pack_queries(client, placement)
    for author in authors[2:]:
        note(placement, by=author, kind="incident")
    assert _pack_queries(client, placement) == small


# --- Acceptance: the provider sees that pupil's pack and nothing else about the pupil ------


def _maybe(name: str, **kwargs: object) -> str | None:
    """The URL of a page another part of issue 5 builds, once it exists."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def test_acceptance_provider_sees_the_pack_and_nothing_else(county, persona_client, amara):
    client = persona_client("provider")
    placement = provider_placement(
        county,
        pupil=amara,
        with_referral=True,
        pack_fields=["year_group", "known_risks", "school_dsl"],
    )
    billy_elsewhere = provider_placement(county, pupil=county.pupil_b, site=other_site())
    amara_proposed_here = provider_placement(
        county, pupil=amara, status=Placement.Status.PROPOSED, start_date=dt.date(2026, 9, 7)
    )

    # Their list holds Amara only.
    listing = content(client.get(PUPILS))
    assert "Ami O." in listing
    assert county.pupil_b.legal_first_name not in listing
    assert county.pupil_c_looked_after.legal_first_name not in listing
    assert pack_url(amara_proposed_here) not in listing

    # The pack: the shared fields, not the UPN, date of birth, address or unshared fields.
    response = client.get(pack_url(placement))
    assert response.status_code == 200
    for shared in ("Ami O.", "Year 9", "None known.", "Dana Lead"):
        assert on_page(response, shared), shared
    html = content(response)
    for secret in secrets_of(amara):
        assert secret not in html, secret
    for unshared in ("SEN support", "I want to do well in maths", "Alex Referrer"):
        assert not on_page(response, unshared), unshared

    # Nothing else about the pupil opens.
    assert placement.referral is not None
    closed = [
        reverse("pupils:detail", kwargs={"pk": amara.pk}),
        reverse("pupils:edit", kwargs={"pk": amara.pk}),
        reverse("referrals:detail", kwargs={"pk": placement.referral.pk}),
        pack_url(billy_elsewhere),
        pack_url(amara_proposed_here),
        reverse("placements:notes", kwargs={"pk": placement.pk}),
    ]
    for name, kwargs in (
        ("placements:detail", {"pk": placement.pk}),
        ("placements:pupil", {"pupil_pk": amara.pk}),
        ("placements:plan", {"pk": placement.pk}),
        ("placements:risk_list", {"pupil_pk": amara.pk}),
    ):
        if url := _maybe(name, **kwargs):
            closed.append(url)
    for url in closed:
        assert client.get(url).status_code == 404, url


# --- Presenters ---------------------------------------------------------------------------


def test_shared_fields_ignore_unknown_names_and_always_include_the_dsl(county):
    placement = provider_placement(county, pack_fields=["year_group", "upn", "date_of_birth"])
    assert shared_fields(placement) == {"year_group", "school_dsl"}
    placement.pack_fields = "year_group"  # not a list: nothing chosen
    assert shared_fields(placement) == {"school_dsl"}
    assert set(PACK_FIELDS) == set(ALL_FIELDS)


def test_short_name_uses_the_names_the_pupil_uses(db):
    pupil = PupilFactory.build(
        legal_first_name="Robert",
        legal_last_name="Quill",
        preferred_first_name="Bobbie",
        preferred_last_name="",
    )
    assert short_name(pupil) == "Bobbie Q."


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.time(9, 0), "9am"),
        (dt.time(15, 30), "3:30pm"),
        (dt.time(12, 0), "midday"),
        (dt.time(12, 15), "12:15pm"),
        (dt.time(0, 5), "12:05am"),
    ],
)
def test_clock(value, text):
    assert clock(value) == text


@pytest.mark.parametrize(
    ("hours", "text"),
    [(Decimal("18.00"), "18 hours"), (Decimal("7.50"), "7.5 hours"), (Decimal("1.00"), "1 hour")],
)
def test_hours_text(hours, text):
    assert hours_text(hours) == text


def test_a_placement_that_never_went_ahead_is_not_the_providers(county, persona_client):
    today = timezone.localdate()
    withdrawn = provider_placement(
        county,
        pupil=pupil_at_school_a(county, legal_first_name="Fay"),
        status=Placement.Status.ENDED,
        start_date=today - dt.timedelta(days=3),
        end_date=today - dt.timedelta(days=2),
        end_reason="",
    )
    client = persona_client("provider")
    assert client.get(reverse("placements:pack", kwargs={"pk": withdrawn.pk})).status_code == 404
    assert "Fay" not in content(client.get(reverse("placements:provider_pupils")))
