"""Issue 8 follow-ups: a posted notice of an off-site direction is deemed given on the 2nd
working day after posting, and the 2 school days count from then; completing a managed move
ends the pupil's off-site directions still in force (same transaction, audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.moves import selectors, services
from inclusion.moves.models import ManagedMove, OffsiteDirection
from inclusion.notifications.models import Notification
from tests.factories import SchoolFactory
from tests.helpers import assert_govuk_error, date_parts, on_page
from tests.moves.factories import TODAY, direction, move

D = dt.date
CREATE = reverse("moves:direction_create")


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _url(name, record):
    return reverse(f"moves:{name}", kwargs={"pk": record.pk})


def _direction_data(county, **overrides):
    data = {
        "pupil": str(county.pupil_a.pk),
        "setting_school": str(county.school_b.pk),
        "setting_provider": "",
        **date_parts("notice_given_on", D(2026, 4, 30)),
        "notice_method": "post",
        **date_parts("starts_on", D(2026, 5, 7)),
        "days": "30",
        "times": "8.45am to 3.15pm, Monday to Friday",
        "address": "Fernhill School, 2 Example Lane, Hinckley",
        "contact": "Head of year 9, 01455 000001",
        "objectives": "Attend every lesson; no removals from class",
        "review_every_weeks": "2",
    }
    return data | overrides


def test_a_posted_notice_counts_from_the_deemed_day(county, persona_client):
    client = persona_client("school_a")
    # Posted Thursday 30 April 2026: deemed given Tuesday 5 May (Monday 4 May is the bank
    # holiday), so the earliest first day is Thursday 7 May. By hand it would be 5 May.
    too_soon = client.post(
        CREATE, _direction_data(county, **date_parts("starts_on", D(2026, 5, 6)))
    )
    assert_govuk_error(
        too_soon,
        "The first day must be at least 2 school days after the written notice: with notice "
        "posted on 30 April 2026 (deemed given on 5 May 2026, the 2nd working day after "
        "posting), the earliest first day is 7 May 2026",
    )
    assert not OffsiteDirection.objects.exists()
    response = client.post(CREATE, _direction_data(county))
    assert response.status_code == 302
    given = OffsiteDirection.objects.get()
    assert given.notice_method == OffsiteDirection.NoticeMethod.POST
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.CREATE, target_id=str(given.pk))
    assert "notice_method" in event.changes
    page = client.get(_url("direction_detail", given))
    assert on_page(page, "30 April 2026, by post")
    assert on_page(page, "Posted: deemed given on 5 May 2026, the 2nd working day after posting")
    assert on_page(page, "the earliest first day was 7 May 2026")


def test_by_e_mail_the_notice_is_given_that_day(county, persona_client):
    data = _direction_data(county, notice_method="email", **date_parts("starts_on", D(2026, 5, 5)))
    assert persona_client("school_a").post(CREATE, data).status_code == 302
    given = OffsiteDirection.objects.get()
    assert given.notice_method == OffsiteDirection.NoticeMethod.EMAIL
    assert not on_page(persona_client("school_a").get(_url("direction_detail", given)), "deemed")


COMPLETED_ON = D(2026, 6, 8)


def _complete(client, agreed):
    return client.post(
        _url("move_outcome", agreed),
        {"outcome": "completed", **date_parts("outcome_on", COMPLETED_ON)},
    )


def test_completing_a_move_ends_the_directions_in_force(county, persona_client):
    staff = county.memberships["school_a"]
    third = SchoolFactory.create(name="Third Example School", partnership=county.partnership)
    at_provider = direction(county.pupil_a, by=staff.user, setting_provider=county.provider)
    at_b = direction(
        county.pupil_a, by=staff.user, setting_school=county.school_b, starts_on=D(2026, 5, 11)
    )
    ended_before = direction(
        county.pupil_a,
        by=staff.user,
        setting_provider=county.provider,
        starts_on=D(2026, 1, 12),
        next_review_on=None,
        outcome=OffsiteDirection.Outcome.RETURNED,
        outcome_on=D(2026, 2, 13),
    )
    other_pupil = direction(county.pupil_b, by=staff.user, setting_provider=county.provider)
    agreed = move(county.pupil_a, third, by=staff.user)

    assert _complete(persona_client("school_a"), agreed).status_code == 302

    for ended in (at_provider, at_b):
        ended.refresh_from_db()
        assert ended.outcome == OffsiteDirection.Outcome.MOVED
        assert ended.outcome_on == D(2026, 6, 8)
        assert ended.next_review_on is None
        assert "managed move to Third Example School" in ended.outcome_note
        event = AuditEvent.objects.get(verb=AuditEvent.Verb.UPDATE, target_id=str(ended.pk))
        assert event.changes == ["next_review_on", "outcome", "outcome_note", "outcome_on"]
        assert event.membership == staff
        assert event.pupil_id == county.pupil_a.pk
    for untouched in (ended_before, other_pupil):
        before = untouched.outcome
        untouched.refresh_from_db()
        assert untouched.outcome == before
    # The move follows the latest direction, and says so.
    agreed.refresh_from_db()
    assert agreed.direction == at_b
    move_event = AuditEvent.objects.get(verb=AuditEvent.Verb.UPDATE, target_id=str(agreed.pk))
    assert move_event.changes == ["direction", "outcome", "outcome_on"]
    county.pupil_a.refresh_from_db()
    assert county.pupil_a.school == third
    # The school that held the pupil on a direction is told it has ended, with no name.
    told = Notification.objects.get(membership=county.memberships["school_b"])
    assert "off-site direction to your school has ended" in told.message
    assert "Amara" not in told.message
    assert "Osei" not in told.message
    # The directing school sees the outcome and the move on the direction; the setting school
    # sees the outcome, not where the pupil went.
    page = persona_client("school_a").get(_url("direction_detail", at_b))
    assert on_page(page, "Moved permanently on 8 June 2026")
    assert on_page(page, "The managed move to Third Example School")
    setting = persona_client("school_b").get(_url("direction_detail", at_b))
    assert on_page(setting, "Moved permanently on 8 June 2026")
    assert not on_page(setting, "Third Example School")


def test_a_move_that_did_not_go_ahead_leaves_the_direction_in_force(county, persona_client):
    staff = county.memberships["school_a"]
    given = direction(county.pupil_a, by=staff.user, setting_provider=county.provider)
    agreed = move(county.pupil_a, county.school_b, by=staff.user)
    response = persona_client("school_a").post(
        _url("move_outcome", agreed),
        {"outcome": "not_go_ahead", **date_parts("outcome_on", D(2026, 6, 8))},
    )
    assert response.status_code == 302
    given.refresh_from_db()
    assert given.in_force
    agreed.refresh_from_db()
    assert agreed.direction is None


def test_ending_the_directions_is_in_the_same_transaction(county, monkeypatch):
    staff = county.memberships["school_a"]
    given = direction(county.pupil_a, by=staff.user, setting_provider=county.provider)
    agreed = move(county.pupil_a, county.school_b, by=staff.user)

    def fail(**kwargs):
        raise RuntimeError("the roll change failed")

    monkeypatch.setattr(services, "pupil_change_school", fail)
    with pytest.raises(RuntimeError):
        services.move_outcome(
            actor=staff.user,
            membership=staff,
            move=agreed,
            outcome=ManagedMove.Outcome.COMPLETED,
            outcome_on=D(2026, 6, 8),
        )
    given.refresh_from_db()
    assert given.in_force
    assert given.next_review_on is not None
    assert not AuditEvent.objects.filter(target_id=str(given.pk)).exists()
    agreed.refresh_from_db()
    assert agreed.outcome == ManagedMove.Outcome.AGREED


def test_moving_permanently_from_a_direction_ends_the_others_too(county, persona_client):
    staff = county.memberships["school_a"]
    to_b = direction(county.pupil_a, by=staff.user, setting_school=county.school_b)
    at_provider = direction(
        county.pupil_a, by=staff.user, setting_provider=county.provider, starts_on=D(2026, 5, 11)
    )
    response = persona_client("school_a").post(
        _url("direction_outcome", to_b),
        {
            "outcome": "moved",
            **date_parts("outcome_on", D(2026, 6, 5)),
            "note": "",
            "agreed_by": "Parent and both heads",
            **date_parts("new_school_starts_on", D(2026, 6, 8)),
        },
    )
    assert response.status_code == 302
    moved = ManagedMove.objects.get()
    assert moved.direction == to_b  # the one the move came from, not the other
    at_provider.refresh_from_db()
    assert at_provider.outcome == OffsiteDirection.Outcome.MOVED
    assert at_provider.outcome_on == D(2026, 6, 5)
