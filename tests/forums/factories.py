"""Forum meetings for tests (fictional data only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from inclusion.accounts.models import User
from inclusion.forums.models import Action, AgendaItem, Decision, ForumMeeting, Outcome
from inclusion.organisations.models import Partnership
from inclusion.pupils.models import Pupil
from inclusion.referrals.models import Consent, Purpose, Referral, Status
from tests.referrals.factories import make_referral


def make_meeting(
    *, partnership: Partnership, by: User, days_ahead: int = 7, **fields: object
) -> ForumMeeting:
    """A two-hour meeting at 09:30 ``days_ahead`` days from today (negative: in the past)."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    values: dict[str, object] = {
        "location": "Fictional Community Hall, Hinckley",
        "chair_name": "Chris Chair",
        "clerk_name": "Casey Clerk",
        **fields,
    }
    return ForumMeeting.objects.create(
        partnership=partnership,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        created_by=by,
        **values,
    )


def schedule(meeting: ForumMeeting, referral: Referral, by: User) -> AgendaItem:
    position = meeting.items.count() + 1
    return AgendaItem.objects.create(
        meeting=meeting, referral=referral, position=position, scheduled_by=by
    )


def accepted_referral(county: Any, pupil: Pupil | None = None, **answers: Any) -> Referral:
    """A referral accepted for a forum, from the pupil's school (school_a's by default)."""
    pupil = pupil or county.pupil_a
    school_key = "school_a" if pupil.school_id == county.school_a.pk else "school_b"
    return make_referral(
        pupil=pupil, by=county.memberships[school_key], status=Status.ACCEPTED, **answers
    )


def unconsented(county: Any, pupil: Pupil | None = None) -> Referral:
    """An accepted referral for an anonymous discussion, with no consent recorded."""
    return accepted_referral(
        county, pupil, purpose=Purpose.FORUM_ANONYMOUS, consent=Consent.NOT_ASKED
    )


def decided(
    county: Any,
    *,
    days_ago: int = 1,
    owner: dict[str, Any] | None = None,
    due_in: int = 14,
    pupil: Pupil | None = None,
) -> tuple[ForumMeeting, AgendaItem, Decision, Action]:
    """A past meeting with one case decided and one action (owned by ``owner`` fields, the
    referring school by default)."""
    coordinator = county.memberships["coordinator"].user
    meeting = make_meeting(partnership=county.partnership, by=coordinator, days_ahead=-days_ago)
    referral = accepted_referral(county, pupil)
    referral.status = Status.DECIDED
    referral.save(update_fields=["status"])
    item = schedule(meeting, referral, coordinator)
    decision = Decision.objects.create(
        agenda_item=item,
        outcome=Outcome.ADVICE,
        rationale="Fictional: the school will try a reduced timetable first.",
        decided_by=coordinator,
    )
    action = Action.objects.create(
        decision=decision,
        description="Fictional: draw up a reduced timetable",
        due_on=timezone.localdate() + dt.timedelta(days=due_in),
        **(owner or {"owner_school": referral.school}),
    )
    return meeting, item, decision, action
