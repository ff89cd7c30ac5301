"""The registration test (statutory-rules.md "Registration test"), with placements made here."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion.placements.models import Placement
from inclusion.placements.registration_test import (
    NoRuleInForceError,
    ProposedPlacement,
    ProviderPosition,
    check_placement,
    compulsory_school_age_begins,
    compulsory_school_age_ends,
    is_compulsory_school_age,
    last_friday_in_june,
    positions_for_unregistered,
    provider_position,
    rule_on,
)
from inclusion.providers.models import Provider, RegistrationRule
from tests.factories import ProviderFactory, ProviderSiteFactory, PupilFactory, leicestershire
from tests.placements.factories import ON, PlacementFactory, place, unsaved_sessions

pytestmark = pytest.mark.django_db

FULL_TIME = 25  # hours a week: comfortably over the 18-hour threshold
BEFORE_2026_ACT = dt.date(2026, 5, 31)
FROM_2026_ACT = dt.date(2026, 6, 1)
TOO_OLD = dt.date(2009, 5, 1)  # turned 16 on 1 May 2025: past compulsory school age in 2026


@pytest.fixture
def barn() -> Provider:
    return ProviderFactory.create(name="Skills Barn")


@pytest.fixture
def site(barn):
    return ProviderSiteFactory.create(provider=barn, name="The barn")


def full_timers(site, count: int, **fields) -> list[Placement]:
    return [place(site=site, hours=FULL_TIME, **fields) for _ in range(count)]


# The rule in force -----------------------------------------------------------------------------


def test_the_seeded_rules_are_in_force_from_their_dates():
    old = rule_on(BEFORE_2026_ACT)
    new = rule_on(FROM_2026_ACT)
    assert old.effective_from == dt.date(1996, 11, 1)
    assert old.sen_counts == RegistrationRule.SenCounts.EHC_PLAN
    assert new.effective_from == FROM_2026_ACT
    assert new.sen_counts == RegistrationRule.SenCounts.ANY_SEN
    assert (old.full_time_hours, old.pupil_limit) == (Decimal(18), 5)
    assert (new.full_time_hours, new.pupil_limit) == (Decimal(18), 5)


def test_there_is_no_rule_before_the_first_one():
    with pytest.raises(NoRuleInForceError):
        rule_on(dt.date(1996, 10, 31))


# Counting full-time pupils ---------------------------------------------------------------------


def test_four_full_time_pupils_are_4_of_5_and_do_not_meet_the_test(barn, site):
    full_timers(site, 4)
    position = provider_position(barn, ON)
    assert position.full_time_count == 4
    assert position.pupil_limit == 5
    assert position.headroom_text == "4 of 5"
    assert position.headroom == 1
    assert position.looked_after_or_sen == 0
    assert not position.meets_test
    assert not position.exempt


def test_a_fifth_full_time_pupil_meets_the_test(barn, site):
    full_timers(site, 5)
    position = provider_position(barn, ON)
    assert position.headroom_text == "5 of 5"
    assert position.meets_test
    assert position.summary == "Skills Barn meets the registration test (5 of 5 full-time pupils)"


def test_one_looked_after_pupil_full_time_meets_the_test(barn, site):
    looked_after = PupilFactory.create(looked_after=True, care_la=leicestershire())
    place(site=site, hours=FULL_TIME, pupil=looked_after)
    position = provider_position(barn, ON)
    assert position.headroom_text == "1 of 5"
    assert position.looked_after_or_sen == 1
    assert position.meets_test


def test_a_looked_after_pupil_part_time_does_not_meet_the_test(barn, site):
    looked_after = PupilFactory.create(looked_after=True, care_la=leicestershire())
    place(site=site, hours=12, pupil=looked_after)
    position = provider_position(barn, ON)
    assert (position.full_time_count, position.looked_after_or_sen) == (0, 0)
    assert not position.meets_test


@pytest.mark.parametrize("on", [BEFORE_2026_ACT, FROM_2026_ACT])
def test_a_pupil_with_an_ehc_plan_meets_the_test_before_and_after_the_2026_act(barn, site, on):
    place(site=site, hours=FULL_TIME, pupil=PupilFactory.create(sen_provision="E"))
    position = provider_position(barn, on)
    assert position.looked_after_or_sen == 1
    assert position.meets_test


def test_a_pupil_with_sen_support_only_meets_the_test_from_the_2026_act(barn, site):
    place(site=site, hours=FULL_TIME, pupil=PupilFactory.create(sen_provision="K"))
    before = provider_position(barn, BEFORE_2026_ACT)
    after = provider_position(barn, FROM_2026_ACT)
    assert (before.looked_after_or_sen, before.meets_test) == (0, False)
    assert (after.looked_after_or_sen, after.meets_test) == (1, True)
    assert before.looked_after_or_sen_label == "looked after or with an EHC plan"
    assert after.looked_after_or_sen_label == "looked after or with special educational needs"


@pytest.mark.parametrize(
    ("hours", "counts"),
    [("17", False), ("18", False), ("18.25", True), ("19", True)],
)
def test_only_hours_above_the_threshold_count_as_full_time(barn, site, hours, counts):
    place(site=site, hours=hours)
    assert provider_position(barn, ON).full_time_count == (1 if counts else 0)


def test_pupils_at_the_threshold_do_not_count_however_many_there_are(barn, site):
    for _ in range(6):
        place(site=site, hours=18)
    position = provider_position(barn, ON)
    assert position.headroom_text == "0 of 5"
    assert not position.meets_test


def test_hours_over_several_sessions_and_two_sites_of_the_provider_add_up(barn, site):
    pupil = PupilFactory.create()
    other_site = ProviderSiteFactory.create(provider=barn, name="The workshop")
    morning = place(site=site, hours=10, pupil=pupil)  # Monday and Tuesday
    place(site=other_site, hours=5, pupil=pupil, first_day=2)  # Wednesday
    place(site=site, hours=4, pupil=pupil, first_day=3)  # Thursday, a second placement
    assert len(morning.sessions.all()) == 2
    position = provider_position(barn, ON)
    assert position.full_time_count == 1


def test_hours_at_another_provider_do_not_add_up(barn, site):
    pupil = PupilFactory.create()
    elsewhere = ProviderSiteFactory.create(provider=ProviderFactory.create(name="Farm Start"))
    place(site=site, hours=12, pupil=pupil)
    place(site=elsewhere, hours=12, pupil=pupil, first_day=3)
    assert provider_position(barn, ON).full_time_count == 0


def test_only_current_agreed_or_active_placements_count(barn, site):
    yesterday = ON - dt.timedelta(days=1)
    tomorrow = ON + dt.timedelta(days=1)
    place(site=site, hours=FULL_TIME, end_date=yesterday, status=Placement.Status.ENDED)
    place(site=site, hours=FULL_TIME, end_date=yesterday)  # ended yesterday, not yet closed
    place(site=site, hours=FULL_TIME, status=Placement.Status.PROPOSED)
    # Ended, though its recorded end date has not come: the status decides.
    place(site=site, hours=FULL_TIME, end_date=tomorrow, status=Placement.Status.ENDED)
    place(site=site, hours=FULL_TIME, start_date=tomorrow, status=Placement.Status.AGREED)
    assert provider_position(barn, ON).full_time_count == 0
    place(site=site, hours=FULL_TIME, status=Placement.Status.AGREED)
    place(site=site, hours=FULL_TIME, end_date=ON)  # its last day is today
    assert provider_position(barn, ON).full_time_count == 2


def test_a_pupil_over_compulsory_school_age_does_not_count(barn, site):
    place(site=site, hours=FULL_TIME, pupil=PupilFactory.create(date_of_birth=TOO_OLD))
    looked_after = PupilFactory.create(
        date_of_birth=TOO_OLD, looked_after=True, care_la=leicestershire()
    )
    place(site=site, hours=FULL_TIME, pupil=looked_after)
    position = provider_position(barn, ON)
    assert (position.full_time_count, position.looked_after_or_sen) == (0, 0)
    assert not position.meets_test


def test_a_pupil_stops_counting_after_the_school_leaving_date(barn, site):
    # 16 on 1 March 2026: compulsory school age ends on Friday 26 June 2026.
    place(site=site, hours=FULL_TIME, pupil=PupilFactory.create(date_of_birth=dt.date(2010, 3, 1)))
    assert provider_position(barn, dt.date(2026, 6, 26)).full_time_count == 1
    assert provider_position(barn, dt.date(2026, 6, 29)).full_time_count == 0


def test_a_threshold_change_takes_effect_from_its_date(barn, site):
    RegistrationRule.objects.create(
        effective_from=dt.date(2026, 9, 1),
        full_time_hours=Decimal(15),
        pupil_limit=5,
        sen_counts=RegistrationRule.SenCounts.ANY_SEN,
        source="Fictional regulations for the test",
    )
    place(site=site, hours=16, end_date=dt.date(2026, 12, 18))
    assert provider_position(barn, dt.date(2026, 8, 31)).full_time_count == 0
    assert provider_position(barn, dt.date(2026, 9, 1)).full_time_count == 1
    assert rule_on(dt.date(2026, 9, 1)).full_time_hours == Decimal(15)


def test_a_change_of_pupil_limit_takes_effect_from_its_date(barn, site):
    RegistrationRule.objects.create(
        effective_from=dt.date(2026, 9, 1),
        full_time_hours=Decimal(18),
        pupil_limit=3,
        sen_counts=RegistrationRule.SenCounts.ANY_SEN,
        source="Fictional regulations for the test",
    )
    full_timers(site, 3)
    assert provider_position(barn, dt.date(2026, 8, 31)).headroom_text == "3 of 5"
    later = provider_position(barn, dt.date(2026, 9, 1))
    assert (later.headroom_text, later.meets_test) == ("3 of 3", True)


@pytest.mark.parametrize(
    "registration",
    [
        Provider.Registration.INDEPENDENT_SCHOOL,
        Provider.Registration.FURTHER_EDUCATION,
        Provider.Registration.PRU_OR_AP_ACADEMY,
    ],
)
def test_registered_schools_are_exempt(registration):
    school = ProviderFactory.create(name="Oak Tree School", registration=registration, urn="149001")
    school_site = ProviderSiteFactory.create(provider=school)
    full_timers(school_site, 6)
    place(
        site=school_site,
        hours=FULL_TIME,
        pupil=PupilFactory.create(looked_after=True, care_la=leicestershire()),
    )
    position = provider_position(school, ON)
    assert position.exempt
    assert not position.meets_test
    assert position.summary == (
        "Oak Tree School is a registered school, so the registration test does not apply"
    )
    assert school not in [p.provider for p in positions_for_unregistered(ON)]


def test_online_providers_are_tested():
    online = ProviderFactory.create(registration=Provider.Registration.ONLINE)
    full_timers(ProviderSiteFactory.create(provider=online), 5)
    position = provider_position(online, ON)
    assert (position.exempt, position.meets_test) == (False, True)


def test_a_position_carries_counts_and_flags_but_no_pupils(barn, site):
    full_timers(site, 2)
    names = {field.name for field in dataclasses.fields(ProviderPosition)}
    assert names == {
        "provider",
        "on",
        "rule",
        "exempt",
        "full_time_count",
        "pupil_limit",
        "looked_after_or_sen",
        "meets_test",
    }
    with pytest.raises(dataclasses.FrozenInstanceError):
        provider_position(barn, ON).full_time_count = 0  # type: ignore[misc]


# A proposed placement ("would agreeing this make X meet the test?") --------------------------


def _proposal(site, hours=FULL_TIME, **fields) -> Placement:
    return Placement(
        pupil=fields.pop("pupil", None) or PupilFactory.create(),
        site=site,
        status=Placement.Status.PROPOSED,
        start_date=fields.pop("start_date", ON),
        **fields,
    )


def test_extra_adds_a_proposed_placement_to_the_position(barn, site):
    full_timers(site, 4)
    proposal = _proposal(site)
    extra = ProposedPlacement(proposal, unsaved_sessions(proposal, FULL_TIME))
    assert provider_position(barn, ON, extra=extra).headroom_text == "5 of 5"
    assert provider_position(barn, ON).headroom_text == "4 of 5"


def test_extra_saved_as_proposed_counts_once(barn, site):
    full_timers(site, 4)
    saved = place(site=site, hours=FULL_TIME, status=Placement.Status.PROPOSED)
    extra = ProposedPlacement(saved, list(saved.sessions.all()))
    assert provider_position(barn, ON, extra=extra).headroom_text == "5 of 5"


def test_extra_replaces_an_agreed_placement_with_its_new_sessions(barn, site):
    agreed = place(site=site, hours=FULL_TIME, status=Placement.Status.AGREED)
    assert provider_position(barn, ON).full_time_count == 1
    fewer = ProposedPlacement(agreed, unsaved_sessions(agreed, 10))
    assert provider_position(barn, ON, extra=fewer).full_time_count == 0


def test_extra_at_another_provider_is_refused(barn):
    elsewhere = ProviderSiteFactory.create()
    proposal = _proposal(elsewhere)
    with pytest.raises(ValueError, match="another provider"):
        provider_position(barn, ON, extra=ProposedPlacement(proposal, []))


def test_check_placement_warns_when_agreeing_would_make_the_provider_meet_the_test(site):
    full_timers(site, 4)
    proposal = _proposal(site)
    check = check_placement(proposal, unsaved_sessions(proposal, FULL_TIME), ON)
    assert check.before.headroom_text == "4 of 5"
    assert check.after.headroom_text == "5 of 5"
    assert check.would_meet_test
    assert check.message == (
        "Agreeing this placement would make Skills Barn meet the registration test "
        "(5 of 5 full-time pupils)"
    )


def test_check_placement_warns_for_a_looked_after_pupil(site):
    full_timers(site, 1)
    pupil = PupilFactory.create(looked_after=True, care_la=leicestershire())
    proposal = _proposal(site, pupil=pupil)
    check = check_placement(proposal, unsaved_sessions(proposal, FULL_TIME), ON)
    assert check.message == (
        "Agreeing this placement would make Skills Barn meet the registration test "
        "(2 of 5 full-time pupils, 1 looked after or with an EHC plan)"
    )


def test_check_placement_adds_the_pupils_existing_hours_at_the_provider(site):
    pupil = PupilFactory.create(sen_provision="E")
    place(site=site, hours=12, pupil=pupil)
    proposal = _proposal(site, pupil=pupil)
    check = check_placement(proposal, unsaved_sessions(proposal, 7, first_day=2), ON)
    assert check.would_meet_test
    assert check.after.looked_after_or_sen == 1


def test_check_placement_is_quiet_when_the_provider_stays_below_the_test(site):
    full_timers(site, 3)
    part_time = _proposal(site)
    assert check_placement(part_time, unsaved_sessions(part_time, 12), ON).message is None
    fourth = _proposal(site)
    check = check_placement(fourth, unsaved_sessions(fourth, FULL_TIME), ON)
    assert check.message is None
    assert check.after.headroom_text == "4 of 5"


def test_check_placement_still_warns_when_the_provider_already_meets_the_test(site):
    full_timers(site, 5)
    proposal = _proposal(site)
    check = check_placement(proposal, unsaved_sessions(proposal, 6), ON)
    assert not check.would_meet_test
    assert check.message is not None
    assert check.message.startswith(
        "Skills Barn already meets the registration test (5 of 5 full-time pupils)"
    )


def test_check_placement_looks_at_the_day_a_later_placement_starts(site):
    # 4 full time now; one more agreed from next month; the proposal starts next month too.
    full_timers(site, 4)
    next_month = dt.date(2026, 4, 13)
    place(site=site, hours=FULL_TIME, status=Placement.Status.AGREED, start_date=next_month)
    proposal = _proposal(site, start_date=next_month)
    check = check_placement(proposal, unsaved_sessions(proposal, FULL_TIME), ON)
    assert check.before.on == next_month
    assert check.before.meets_test
    assert check.message is not None


def test_check_placement_is_quiet_at_a_registered_school():
    school = ProviderFactory.create(registration=Provider.Registration.INDEPENDENT_SCHOOL)
    school_site = ProviderSiteFactory.create(provider=school)
    full_timers(school_site, 5)
    proposal = _proposal(school_site)
    check = check_placement(proposal, unsaved_sessions(proposal, FULL_TIME), ON)
    assert check.after.exempt
    assert check.message is None


# Every unregistered provider -------------------------------------------------------------------


def _provider_with(name: str, full_time: int, **fields) -> Provider:
    provider = ProviderFactory.create(name=name, **fields)
    full_timers(ProviderSiteFactory.create(provider=provider), full_time)
    return provider


def test_positions_for_unregistered_are_ordered_closest_to_the_test_first():
    _provider_with("Alder Outdoor", 1)
    _provider_with("Birch Motors", 5)
    _provider_with("Cedar Tuition", 4)
    _provider_with("Damson Kitchen", 0)
    elm = _provider_with("Elm Crafts", 0)
    place(
        site=ProviderSiteFactory.create(provider=elm),
        hours=FULL_TIME,
        pupil=PupilFactory.create(looked_after=True, care_la=leicestershire()),
    )
    _provider_with("Fir School", 5, registration=Provider.Registration.INDEPENDENT_SCHOOL)
    _provider_with("Gorse Online", 2, registration=Provider.Registration.ONLINE)
    _provider_with("Hazel Closed", 5, is_active=False)
    positions = positions_for_unregistered(ON)
    assert [(p.provider.name, p.headroom_text, p.meets_test) for p in positions] == [
        ("Birch Motors", "5 of 5", True),
        ("Elm Crafts", "1 of 5", True),
        ("Cedar Tuition", "4 of 5", False),
        ("Gorse Online", "2 of 5", False),
        ("Alder Outdoor", "1 of 5", False),
        ("Damson Kitchen", "0 of 5", False),
    ]


def test_positions_for_unregistered_match_provider_position():
    barn = _provider_with("Skills Barn", 3)
    place(site=barn.sites.get(), hours=18)
    place(site=ProviderSiteFactory.create(provider=barn), hours=FULL_TIME, end_date=ON)
    [position] = positions_for_unregistered(ON)
    assert position == provider_position(barn, ON)


def _count_queries(on: dt.date) -> int:
    with CaptureQueriesContext(connection) as queries:
        positions_for_unregistered(on)
    return len(queries)


def test_positions_for_unregistered_take_a_constant_number_of_queries():
    for n in range(2):
        _provider_with(f"Small {n}", n + 1)
    small = _count_queries(ON)
    for n in range(8):
        provider = _provider_with(f"Large {n}", 3)
        place(site=ProviderSiteFactory.create(provider=provider), hours=10)
    assert Placement.objects.count() > 30
    assert _count_queries(ON) == small == 4


# Compulsory school age ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date_of_birth", "begins"),
    [
        (dt.date(2020, 10, 15), dt.date(2025, 12, 31)),  # autumn birthday: 31 December
        (dt.date(2020, 12, 31), dt.date(2025, 12, 31)),  # 5 on a prescribed day: that day
        (dt.date(2021, 1, 1), dt.date(2026, 3, 31)),  # spring birthday: 31 March
        (dt.date(2021, 3, 31), dt.date(2026, 3, 31)),
        (dt.date(2021, 4, 1), dt.date(2026, 8, 31)),  # summer birthday: 31 August
        (dt.date(2021, 8, 31), dt.date(2026, 8, 31)),
        (dt.date(2020, 9, 1), dt.date(2025, 12, 31)),
        (dt.date(2020, 2, 29), dt.date(2025, 3, 31)),  # 5 on 1 March 2025
    ],
)
def test_compulsory_school_age_begins_on_the_prescribed_day_after_the_fifth_birthday(
    date_of_birth, begins
):
    assert compulsory_school_age_begins(date_of_birth) == begins
    assert is_compulsory_school_age(date_of_birth, begins)
    assert not is_compulsory_school_age(date_of_birth, begins - dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("date_of_birth", "ends"),
    [
        (dt.date(2009, 9, 1), dt.date(2026, 6, 26)),  # 16 on 1 Sep 2025: end of that school year
        (dt.date(2010, 3, 1), dt.date(2026, 6, 26)),
        (dt.date(2010, 6, 26), dt.date(2026, 6, 26)),  # 16 on the leaving date itself
        (dt.date(2010, 7, 15), dt.date(2026, 6, 26)),  # 16 in the summer holiday: June before
        (dt.date(2010, 8, 31), dt.date(2026, 6, 26)),
        (dt.date(2010, 9, 1), dt.date(2027, 6, 25)),  # 16 in the next school year
        (dt.date(2012, 2, 29), dt.date(2028, 6, 30)),  # 16 on 29 February 2028
    ],
)
def test_compulsory_school_age_ends_on_the_last_friday_in_june_of_the_year_they_turn_16(
    date_of_birth, ends
):
    assert compulsory_school_age_ends(date_of_birth) == ends
    assert ends.weekday() == 4
    assert is_compulsory_school_age(date_of_birth, ends)
    assert not is_compulsory_school_age(date_of_birth, ends + dt.timedelta(days=1))


def test_last_friday_in_june():
    assert last_friday_in_june(2025) == dt.date(2025, 6, 27)
    assert last_friday_in_june(2026) == dt.date(2026, 6, 26)
    assert last_friday_in_june(2028) == dt.date(2028, 6, 30)  # 30 June is a Friday


def test_a_secondary_pupil_is_of_compulsory_school_age():
    assert is_compulsory_school_age(dt.date(2012, 5, 17), ON)
    assert not is_compulsory_school_age(TOO_OLD, ON)
    assert not is_compulsory_school_age(dt.date(2022, 1, 1), ON)  # 4 years old


def test_placement_factory_defaults_make_a_current_placement(site):
    placement = PlacementFactory.create(site=site)
    assert placement.start_date <= ON
    assert placement.status == Placement.Status.ACTIVE
