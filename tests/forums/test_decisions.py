"""Recording a forum decision: outcome, rationale, tier change, signposting, actions with
owners and due dates; the referral moves to "decided"; the school is told by reference only;
bad input writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.forums.models import Action, Decision, Outcome
from inclusion.guidance.models import SupportService
from inclusion.notifications.models import Notification
from inclusion.organisations.models import Agency
from inclusion.pupils.models import TierChange, TierDefinition
from inclusion.referrals.models import ReferralStatus, Status
from tests.factories import MembershipFactory, UserFactory
from tests.forums.factories import accepted_referral, make_meeting, schedule
from tests.helpers import assert_govuk_error, content, date_parts, on_page

TODAY = timezone.localdate()


@pytest.fixture
def coordinator(persona_client):
    return persona_client("coordinator")


@pytest.fixture
def item(county):
    user = county.memberships["coordinator"].user
    meeting = make_meeting(partnership=county.partnership, by=user, days_ahead=-1)
    return schedule(meeting, accepted_referral(county), user)


@pytest.fixture
def service(db):
    return SupportService.objects.create(
        name="Fictional Young Minds Hub",
        category=SupportService.Category.MENTAL_HEALTH,
        description="Drop-in support (fictional).",
        url="https://young-minds.example.org",
    )


@pytest.fixture
def agency(county):
    return Agency.objects.create(
        name="Fictional Early Help Team", kind="early_help", local_authority=county.la
    )


def decide_url(item) -> str:
    return reverse("forums:decide", kwargs={"pk": item.pk})


def decision_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "outcome": Outcome.ADVICE,
        "rationale": "Fictional: try a mentor first.",
    }
    for n in (1, 2, 3):
        data |= {f"action_{n}_description": "", f"action_{n}_owner": ""}
        data |= date_parts(f"action_{n}_due_on", None)
    return data | overrides


def action_row(n: int, owner: str, due: dt.date, description: str = "") -> dict[str, str]:
    return {
        f"action_{n}_description": description or f"Fictional action {n}",
        f"action_{n}_owner": owner,
        **date_parts(f"action_{n}_due_on", due),
    }


def nothing_written(item) -> None:
    assert not Decision.objects.exists()
    assert not Action.objects.exists()
    assert not TierChange.objects.exists()
    item.referral.refresh_from_db()
    assert item.referral.status == Status.ACCEPTED
    assert not Notification.objects.exists()


def test_a_decision_with_actions_moves_the_referral_and_tells_the_school(
    county, coordinator, item, agency
):
    school_user = county.memberships["school_a"].user
    form = decision_form(
        **action_row(1, f"user:{school_user.pk}", TODAY + dt.timedelta(days=14)),
        **action_row(2, f"agency:{agency.pk}", TODAY),
        **action_row(3, f"partnership:{county.partnership.pk}", TODAY + dt.timedelta(days=7)),
    )
    response = coordinator.post(decide_url(item), form)
    assert response.status_code == 302
    assert response["Location"] == reverse("forums:minutes", kwargs={"pk": item.meeting_id})
    decision = Decision.objects.get(agenda_item=item)
    assert (decision.outcome, decision.new_tier) == (Outcome.ADVICE, None)
    assert decision.rationale == "Fictional: try a mentor first."
    owners = {(a.owner_user, a.owner_agency, a.owner_partnership) for a in decision.actions.all()}
    assert owners == {
        (school_user, None, None),
        (None, agency, None),
        (None, None, county.partnership),
    }
    item.referral.refresh_from_db()
    assert item.referral.status == Status.DECIDED
    assert ReferralStatus.objects.filter(referral=item.referral, status=Status.DECIDED).exists()
    note = Notification.objects.get(membership=county.memberships["school_a"])
    assert item.referral.reference in note.message
    for text in (
        county.pupil_a.legal_first_name,
        county.pupil_a.legal_last_name,
        county.pupil_a.upn,
    ):
        assert text not in note.message
    assert all(county.pupil_a.legal_last_name not in f"{m.subject} {m.body}" for m in mail.outbox)
    event = AuditEvent.objects.get(target_type="forums.decision")
    assert event.pupil_id == county.pupil_a.pk
    assert set(event.changes) == {"outcome", "rationale", "actions"}
    assert "mentor" not in str(event.changes)


def test_a_tier_change_writes_the_pupils_tier_history(county, coordinator, item):
    TierDefinition.objects.create(partnership=county.partnership, tier=3, name="Intensive support")
    page = coordinator.get(decide_url(item))
    assert on_page(page, "Tier 3: Intensive support")
    response = coordinator.post(
        decide_url(item), decision_form(outcome=Outcome.TIER_CHANGE, new_tier="3")
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    change = TierChange.objects.get(pupil=county.pupil_a)
    assert (change.tier, change.effective_on, change.decision) == (3, TODAY, decision)
    assert change.set_by == county.memberships["coordinator"].user
    assert AuditEvent.objects.filter(target_type="pupils.tierchange", pupil_id=county.pupil_a.pk)
    minutes = content(coordinator.get(reverse("forums:minutes", kwargs={"pk": item.meeting_id})))
    assert "Tier 3: Intensive support" in minutes


def test_a_tier_is_only_kept_for_a_change_of_tier(county, coordinator, item):
    coordinator.post(decide_url(item), decision_form(new_tier="2"))
    assert Decision.objects.get().new_tier is None
    assert not TierChange.objects.exists()


def test_signposting_records_the_services(county, coordinator, item, service):
    SupportService.objects.create(
        name="Closed Fictional Service", category="other", description="-", is_active=False
    )
    page = content(coordinator.get(decide_url(item)))
    assert "Fictional Young Minds Hub" in page
    assert "Closed Fictional Service" not in page
    form = decision_form(outcome=Outcome.SIGNPOSTING, services=[str(service.pk)])
    assert coordinator.post(decide_url(item), form).status_code == 302
    assert list(Decision.objects.get().services.all()) == [service]
    minutes = content(coordinator.get(reverse("forums:minutes", kwargs={"pk": item.meeting_id})))
    assert 'href="https://young-minds.example.org"' in minutes


def test_the_chair_records_a_decision(county, persona_client, item):
    response = persona_client("chair").post(decide_url(item), decision_form())
    assert response.status_code == 302
    assert Decision.objects.get().decided_by == county.memberships["chair"].user


@pytest.mark.parametrize("persona", ["school_a", "school_b", "la_officer", "provider"])
def test_others_may_not_decide(county, persona_client, item, persona):
    assert persona_client(persona).post(decide_url(item), decision_form()).status_code == 404
    nothing_written(item)


def test_a_forum_member_of_another_partnership_gets_404(county, item):
    from inclusion.accounts.models import Role
    from tests.conftest import client_for

    other_chair = MembershipFactory.create(
        user=UserFactory.create(), role=Role.CHAIR, partnership=county.other_partnership
    )
    assert client_for(other_chair).post(decide_url(item), decision_form()).status_code == 404
    nothing_written(item)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"outcome": ""}, "Select the outcome"),
        ({"outcome": "made_up"}, "Select the outcome"),
        ({"rationale": ""}, "Enter the rationale for the decision"),
        ({"outcome": Outcome.TIER_CHANGE}, "Select the new tier"),
        ({"outcome": Outcome.TIER_CHANGE, "new_tier": "5"}, "Select the new tier"),
        ({"outcome": Outcome.SIGNPOSTING}, "Select at least one service to signpost to"),
        (
            {"outcome": Outcome.SIGNPOSTING, "services": ["not-an-id"]},
            "Select services from the list",
        ),
        ({"action_1_description": "Fictional: call home"}, "Select who owns action 1"),
        ({"action_2_owner": "school:{school}"}, "Enter what action 2 is"),
        (
            {"action_1_description": "Fictional", "action_1_owner": "school:{school}"},
            "Enter the due date of action 1",
        ),
        (
            action_row(1, "school:{school}", TODAY - dt.timedelta(days=1)),
            "The due date of action 1 must be today or in the future",
        ),
        (action_row(1, "school:{other_school}", TODAY), "Select who owns action 1 from the list"),
        (action_row(1, "user:{school_b_user}", TODAY), "Select who owns action 1 from the list"),
        (action_row(3, "nonsense", TODAY), "Select who owns action 3 from the list"),
        ({"rationale": "x" * 5001}, "The rationale must be 5,000 characters or fewer"),
    ],
)
def test_bad_decisions_are_refused_and_nothing_is_written(
    county, coordinator, item, overrides, message
):
    values = {
        "school": county.school_a.pk,
        "other_school": county.school_b.pk,
        "school_b_user": county.memberships["school_b"].user.pk,
    }
    filled = {
        key: value.format(**values) if isinstance(value, str) else value
        for key, value in overrides.items()
    }
    response = coordinator.post(decide_url(item), decision_form(**filled))
    assert_govuk_error(response, message)
    nothing_written(item)


def test_no_decision_before_the_day_of_the_meeting(county, coordinator):
    user = county.memberships["coordinator"].user
    meeting = make_meeting(partnership=county.partnership, by=user, days_ahead=3)
    item = schedule(meeting, accepted_referral(county), user)
    assert coordinator.get(decide_url(item)).status_code == 409
    assert coordinator.post(decide_url(item), decision_form()).status_code == 409
    nothing_written(item)


def test_a_case_is_decided_once(county, coordinator, item):
    assert coordinator.post(decide_url(item), decision_form()).status_code == 302
    again = coordinator.post(decide_url(item), decision_form(rationale="Second go"))
    assert again.status_code == 409
    assert on_page(again, "A decision has already been recorded for this case")
    assert Decision.objects.count() == 1


def test_a_referral_withdrawn_after_scheduling_cannot_be_decided(county, coordinator, item):
    item.referral.status = Status.WITHDRAWN
    item.referral.save()
    assert coordinator.post(decide_url(item), decision_form()).status_code == 409
    assert not Decision.objects.exists()


def test_the_owner_list_offers_people_and_organisations(county, coordinator, item, agency):
    page = content(coordinator.get(decide_url(item)))
    assert f'value="user:{county.memberships["school_a"].user.pk}"' in page
    assert f'value="user:{county.memberships["chair"].user.pk}"' in page
    assert f'value="user:{county.memberships["school_b"].user.pk}"' not in page
    assert f'value="school:{county.school_a.pk}"' in page
    assert f'value="school:{county.school_b.pk}"' not in page
    assert f'value="partnership:{county.partnership.pk}"' in page
    assert f'value="agency:{agency.pk}"' in page


def test_a_programme_management_decision_links_to_setting_up_the_placement(county, persona_client):
    from inclusion.forums.models import Decision, Outcome
    from inclusion.referrals.models import Status
    from tests.forums.factories import make_meeting, schedule
    from tests.referrals.factories import make_referral

    coordinator = county.memberships["coordinator"]
    referral = make_referral(
        pupil=county.pupil_a, by=county.memberships["school_a"], status=Status.DECIDED
    )
    meeting = make_meeting(partnership=county.partnership, by=coordinator.user, days_ahead=-7)
    item = schedule(meeting, referral, coordinator.user)
    decision = Decision.objects.create(
        agenda_item=item,
        outcome=Outcome.PROGRAMME_MANAGEMENT,
        rationale="Fictional rationale",
        decided_by=coordinator.user,
    )
    link = reverse("placements:create_from_decision", kwargs={"decision_pk": decision.pk})
    page = persona_client("coordinator").get(reverse("forums:detail", kwargs={"pk": meeting.pk}))
    assert link in page.content.decode()
    school_page = persona_client("school_a").get(
        reverse("forums:detail", kwargs={"pk": meeting.pk})
    )
    assert link not in school_page.content.decode()
