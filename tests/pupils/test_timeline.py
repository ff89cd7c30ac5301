"""The graduated-response timeline on the pupil page: submitted referrals, forum decisions on
them and tier changes, newest first, with the current tier at the top; only what the viewer may
see; a constant number of queries however long the history."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Role
from inclusion.forums.models import Decision, Outcome
from inclusion.pupils.models import Pupil, TierChange, TierDefinition
from inclusion.pupils.timeline import pupil_timeline
from inclusion.referrals.models import Purpose, Referral, Status
from tests.conftest import County
from tests.factories import MembershipFactory, UserFactory
from tests.forums.factories import make_meeting, schedule
from tests.helpers import content, on_page
from tests.referrals.factories import make_referral


def detail_url(pupil: Pupil) -> str:
    return reverse("pupils:detail", kwargs={"pk": pupil.pk})


def referral_url(referral: Referral) -> str:
    return reverse("referrals:detail", kwargs={"pk": referral.pk})


def decide(county: County, referral: Referral, *, days_ago: int, new_tier: int | None) -> Decision:
    user = county.memberships["coordinator"].user
    meeting = make_meeting(partnership=referral.partnership, by=user, days_ahead=-days_ago)
    item = schedule(meeting, referral, user)
    return Decision.objects.create(
        agenda_item=item,
        outcome=Outcome.TIER_CHANGE if new_tier else Outcome.ADVICE,
        rationale="Fictional rationale",
        new_tier=new_tier,
        decided_by=user,
    )


def tier_change(
    county: County, pupil: Pupil, tier: int, *, days_ago: int, decision: Decision | None = None
) -> TierChange:
    return TierChange.objects.create(
        pupil=pupil,
        tier=tier,
        effective_on=timezone.localdate() - dt.timedelta(days=days_ago),
        decision=decision,
        note="Fictional note",
        set_by=county.memberships["coordinator"].user,
    )


def history(county: County) -> tuple[Referral, Decision]:
    """A referral 30 days ago, decided at a forum 10 days ago (Tier 3), a hand-set Tier 2 before
    it (40 days ago) and a draft that must never show."""
    school_a = county.memberships["school_a"]
    referral = make_referral(
        pupil=county.pupil_a, by=school_a, status=Status.DECIDED, submitted_days_ago=30
    )
    decision = decide(county, referral, days_ago=10, new_tier=3)
    tier_change(county, county.pupil_a, 2, days_ago=40)
    tier_change(county, county.pupil_a, 3, days_ago=10, decision=decision)
    make_referral(pupil=county.pupil_a, by=school_a, status=Status.DRAFT)
    return referral, decision


def test_timeline_lists_events_newest_first(county):
    history(county)
    timeline = pupil_timeline(
        membership=county.memberships["coordinator"],
        pupil=county.pupil_a,
        today=timezone.localdate(),
    )
    assert [event.kind for event in timeline.events] == ["tier", "decision", "referral", "tier"]
    assert timeline.events[0].title == "Moved to Tier 3: Partnership support"
    assert timeline.events[0].detail == "By an Inclusion Forum decision: Fictional note"
    assert timeline.events[1].detail == "Change of tier: Tier 3: Partnership support"
    assert timeline.events[2].detail == Purpose.FORUM_NAMED.label
    assert timeline.events[2].tag == "Decided"
    assert timeline.events[3].title == "Moved to Tier 2: Targeted support in school"
    assert timeline.current is not None
    assert timeline.current.tier.label == "Tier 3: Partnership support"


def test_pupil_page_shows_current_tier_and_the_timeline(persona_client, county):
    referral, _ = history(county)
    response = persona_client("school_a").get(detail_url(county.pupil_a))
    assert response.status_code == 200
    html = content(response)
    assert on_page(response, "Current tier:")
    assert html.index("Tier 3: Partnership support") < html.index("Personal details")
    assert f'href="{referral_url(referral)}"' in html
    assert on_page(response, referral.reference)
    assert on_page(response, "Change of tier: Tier 3: Partnership support")
    assert on_page(response, "Set by")  # the hand-set Tier 2
    assert html.count("Referral submitted") == 1  # the draft is not shown


def test_tier_names_come_from_the_partnership(persona_client, county):
    history(county)
    TierDefinition.objects.create(partnership=county.partnership, tier=3, name="Forum support")
    response = persona_client("coordinator").get(detail_url(county.pupil_a))
    assert on_page(response, "Tier 3: Forum support")
    assert not on_page(response, "Partnership support")


def test_a_future_tier_change_is_not_yet_current(county):
    tier_change(county, county.pupil_a, 2, days_ago=5)
    tier_change(county, county.pupil_a, 4, days_ago=-5)
    timeline = pupil_timeline(
        membership=county.memberships["coordinator"],
        pupil=county.pupil_a,
        today=timezone.localdate(),
    )
    assert timeline.current is not None
    assert timeline.current.tier.tier == 2


def test_no_history_says_so(persona_client, county):
    response = persona_client("school_a").get(detail_url(county.pupil_a))
    assert on_page(response, "none recorded")
    assert on_page(response, "No referrals, forum decisions or tier changes")


def test_only_referrals_the_viewer_may_see(persona_client, county):
    """The Virtual School sees the looked-after pupil but no referral or decision about them;
    the tier change (on the pupil's own record) is shown."""
    school_c = MembershipFactory.create(
        user=UserFactory.create(email="school_c@example.org"),
        role=Role.SCHOOL_STAFF,
        school=county.school_c,
    )
    pupil = county.pupil_c_looked_after
    referral = make_referral(pupil=pupil, by=school_c, status=Status.DECIDED)
    decide(county, referral, days_ago=2, new_tier=3)
    tier_change(county, pupil, 3, days_ago=2)
    response = persona_client("virtual_school").get(detail_url(pupil))
    assert response.status_code == 200
    assert not on_page(response, referral.reference)
    assert not on_page(response, "Inclusion Forum decision")
    assert on_page(response, "Moved to Tier 3")
    la = persona_client("la_officer").get(detail_url(pupil))
    assert on_page(la, referral.reference)
    assert on_page(la, "Inclusion Forum decision")


def test_set_tier_link_only_for_coordinators(persona_client, county):
    link = reverse("guidance:set_tier", kwargs={"pk": county.pupil_a.pk})
    assert link in content(persona_client("coordinator").get(detail_url(county.pupil_a)))
    assert link not in content(persona_client("school_a").get(detail_url(county.pupil_a)))


def add_events(county: County, rounds: int) -> None:
    """Each round adds a referral, a decision on it and a tier change (3 events)."""
    school_a = county.memberships["school_a"]
    for n in range(rounds):
        referral = make_referral(
            pupil=county.pupil_a, by=school_a, status=Status.DECIDED, submitted_days_ago=n + 20
        )
        decision = decide(county, referral, days_ago=n + 5, new_tier=(n % 4) + 1)
        tier_change(county, county.pupil_a, (n % 4) + 1, days_ago=n + 5, decision=decision)


def page_queries(client, pupil: Pupil) -> int:
    client.get(detail_url(pupil))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(detail_url(pupil))
    assert response.status_code == 200
    return len(captured)


def test_pupil_page_queries_do_not_grow_with_the_timeline(persona_client, county):
    clients = [persona_client(name) for name in ("school_a", "coordinator", "la_officer")]
    add_events(county, 1)
    small = [page_queries(client, county.pupil_a) for client in clients]
    add_events(county, 9)
    assert content(clients[0].get(detail_url(county.pupil_a))).count("Referral submitted") == 10
    assert [page_queries(client, county.pupil_a) for client in clients] == small
