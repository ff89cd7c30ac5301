"""The demo county's casework: referrals in every state, past and forthcoming Inclusion Forums
with agendas, attendance, decisions and actions, and the tier changes decisions made.

``generate.build_county`` calls ``build_casework`` after the directory, with its seeded
``random.Random``; dates are relative to the day of the build. Everything written here is
invented: the answers come from the pools below, the people are the demo users.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from inclusion.accounts.models import Membership, Role, User
from inclusion.forums.models import Action, AgendaItem, Attendance, Decision, ForumMeeting, Outcome
from inclusion.organisations.models import Agency, Partnership, School
from inclusion.pupils.models import Pupil, TierChange
from inclusion.referrals.models import (
    Consent,
    Intervention,
    Purpose,
    Referral,
    ReferralStatus,
    Status,
)
from inclusion.referrals.services.lifecycle import new_reference
from inclusion.referrals.services.routing import route_on_submission

# For each partnership, the states its referrals are in, oldest first.
STATES = (
    Status.DECIDED,
    Status.CLOSED,
    Status.DECIDED,
    Status.DECIDED,
    Status.ACCEPTED,
    Status.ACCEPTED,
    Status.ACCEPTED,
    Status.WITHDRAWN,
    Status.RETURNED,
    Status.SUBMITTED,
    Status.SUBMITTED,
    Status.SUBMITTED,
    Status.DRAFT,
    Status.DRAFT,
)
PURPOSES = (
    Purpose.FORUM_NAMED,
    Purpose.PROGRAMME_MANAGEMENT,
    Purpose.FORUM_ANONYMOUS,
    Purpose.PARTNERSHIP_SUPPORT,
    Purpose.ATTENDANCE_OFFER,
    Purpose.FORUM_NAMED,
    Purpose.MANAGED_MOVE,
    Purpose.ADVICE_ONLY,
)
REASONS = (
    "Attendance has fallen since the autumn half term and the pupil is increasingly anxious "
    "about coming into school. In-school support has helped only for short periods.",
    "Repeated removals from lessons for disruptive behaviour; two suspensions this year. The "
    "pupil engages well in practical subjects and with one trusted adult.",
    "The pupil has struggled since moving to the school in Year 9 and is now refusing some "
    "lessons. We would like the forum's advice on next steps.",
    "Low-level disruption has escalated to walking out of school. Parents are supportive and "
    "have asked for a fresh start somewhere smaller.",
)
SEMH_TEXT = (
    "Becomes withdrawn in busy places and avoids the canteen and corridors at changeover.",
    "Finds it hard to regulate when challenged; calm and capable one to one.",
    "Anxiety about tests and being called on in class; has started to self-isolate.",
)
BEHAVIOUR = (
    "Three removals from class this half term; no incidents on the bus or at lunchtime.",
    "Late to lessons most days; refuses to follow instructions from unfamiliar staff.",
    "Incidents have reduced since a reduced timetable began, but remain weekly.",
)
INTERVENTIONS = (
    ("Mentoring with the pastoral lead", "6 weeks", "Helped at first; attendance dipped again."),
    ("Reduced timetable", "4 weeks", "Fewer incidents; the pupil wants more lessons back."),
    ("Early Help assessment", "Ongoing", "Family support worker visiting fortnightly."),
    ("Small-group literacy", "One term", "Reading age up by a year; confidence improved."),
)
RATIONALES = {
    Outcome.ADVICE: "The school's plan is sound; the forum suggested a key adult and a review "
    "in six weeks.",
    Outcome.SIGNPOSTING: "The family will benefit from specialist emotional wellbeing support "
    "outside school.",
    Outcome.TIER_CHANGE: "Needs have grown beyond what the school can meet alone; partnership "
    "support is agreed.",
    Outcome.PROGRAMME_MANAGEMENT: "A full-time programme out of school is agreed subject to the "
    "Standard Risk Assessment being signed.",
    Outcome.ATTENDANCE_OFFER: "Low engagement is the main barrier; the Attendance Offer is the "
    "right first step.",
}
DECIDED_OUTCOMES = (
    Outcome.TIER_CHANGE,
    Outcome.PROGRAMME_MANAGEMENT,
    Outcome.ADVICE,
    Outcome.ATTENDANCE_OFFER,
    Outcome.SIGNPOSTING,
)
ACTIONS = (
    ("Share the pupil's support plan with all staff who teach them", "school"),
    ("Offer the family an Early Help assessment", "agency"),
    ("Find two alternative provision options and bring them to the next forum", "partnership"),
    ("Review attendance and report back to the co-ordinator", "school"),
)


@dataclass
class _Build:
    rng: random.Random
    now: dt.datetime
    agencies: list[Agency]
    referrals: list[Referral] = field(default_factory=list)
    history: list[ReferralStatus] = field(default_factory=list)

    def ago(self, days: int, hour: int = 10) -> dt.datetime:
        day = self.now.date() - dt.timedelta(days=days)
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@dataclass(frozen=True)
class _People:
    coordinator: Membership
    staff: dict[object, Membership]  # school pk → a staff membership


def build_casework(
    rng: random.Random, *, partnerships: Sequence[Partnership], schools: Sequence[School]
) -> None:
    b = _Build(rng, timezone.now(), list(Agency.objects.order_by("name")))
    for partnership in partnerships:
        _describe(partnership)
        people = _people(partnership)
        own = [s for s in schools if s.partnership_id == partnership.pk and s.pk in people.staff]
        if not own:
            continue
        referrals = _referrals(b, partnership, own, people)
        _forums(b, partnership, referrals, people, own)


def _describe(partnership: Partnership) -> None:
    """The partnership's public contact: its office, not a person's own details."""
    slug = slugify(partnership.name.removesuffix(" Inclusion Partnership"))
    partnership.public_contact_name = f"{partnership.name} office"
    partnership.public_email = f"{slug}@partnerships.example"
    partnership.public_phone = f"01632 960{len(slug) * 7 % 900 + 100:03d}"
    partnership.save(update_fields=["public_contact_name", "public_email", "public_phone"])


def _people(partnership: Partnership) -> _People:
    members = Membership.objects.filter(is_active=True).select_related("user").order_by("pk")
    coordinator = members.filter(role=Role.COORDINATOR, partnership=partnership).first()
    staff: dict[object, Membership] = {}
    for membership in members.filter(role=Role.SCHOOL_STAFF, school__partnership=partnership):
        staff.setdefault(membership.school_id, membership)
    if coordinator is None:
        raise RuntimeError(f"The demo has no co-ordinator for {partnership}")
    return _People(coordinator, staff)


# --- referrals -------------------------------------------------------------------------------


def _pupils(b: _Build, schools: list[School], count: int) -> list[Pupil]:
    """Pupils in Years 8 to 11, the first school's first (the demo's school persona)."""
    chosen: list[Pupil] = []
    for school in schools:
        pool = list(
            Pupil.objects.filter(school=school, nc_year__gte=8).prefetch_related("needs")[:40]
        )
        b.rng.shuffle(pool)
        chosen += pool[: 4 if school is schools[0] else 2]
    return chosen[:count]


def _referrals(
    b: _Build, partnership: Partnership, schools: list[School], people: _People
) -> list[Referral]:
    pupils = _pupils(b, schools, len(STATES))
    made = []
    for index, (pupil, status) in enumerate(zip(pupils, STATES, strict=False)):
        made.append(_referral(b, partnership, pupil, status, index, people))
    return made


def _referral(
    b: _Build, partnership: Partnership, pupil: Pupil, status: str, index: int, people: _People
) -> Referral:
    staff = people.staff[pupil.school_id]
    purpose = PURPOSES[index % len(PURPOSES)]
    anonymous = purpose == Purpose.FORUM_ANONYMOUS
    submitted_days = 70 - index * 5
    referral = Referral.objects.create(
        reference=new_reference(),
        pupil=pupil,
        school=pupil.school,
        partnership=partnership,
        created_by=staff.user,
        status=status,
        submitted_at=None if status == Status.DRAFT else b.ago(submitted_days),
        purpose=purpose if status != Status.DRAFT or index % 2 else "",
        reason=b.rng.choice(REASONS),
        recharge_agreed=True if purpose == Purpose.PROGRAMME_MANAGEMENT else None,
        commissioning_signatory=staff.user.full_name
        if purpose == Purpose.PROGRAMME_MANAGEMENT
        else "",
        needs_semh=b.rng.choice(SEMH_TEXT),
        semh_details=b.rng.sample(["withdrawn", "anxiety", "challenging", "adhd"], 2),
        sen_provision=pupil.sen_provision,
        need_types=[need.need_type for need in pupil.needs.all()],
        attendance_percent=b.rng.randint(62, 93),
        suspension_count=b.rng.randint(0, 3),
        suspension_days=b.rng.randint(0, 4),
        behaviour_summary=b.rng.choice(BEHAVIOUR),
        agencies=b.rng.sample(["early_help", "camhs", "school_nurse"], 1),
        has_social_worker=False,
        plan="none",
        parent_views="Parent agrees that a change of approach is needed and wants to be kept "
        "informed.",
        consent=Consent.NOT_ASKED if anonymous else Consent.GIVEN,
        consent_given_by="" if anonymous else "Parent",
        consent_on=None if anonymous else b.ago(submitted_days + 3).date(),
        pupil_voice="Says lessons feel too big and too loud, and wants help to catch up.",
        known_risks="None known beyond those described.",
        referrer_name=staff.user.full_name,
        referrer_role="Inclusion lead",
        referrer_email=staff.user.email,
        dsl_name=staff.user.full_name,
        dsl_email=staff.user.email,
    )
    Intervention.objects.bulk_create(
        Intervention(
            referral=referral,
            what=what,
            started_on=b.ago(submitted_days + 60 - 20 * n).date(),
            duration=duration,
            impact=impact,
        )
        for n, (what, duration, impact) in enumerate(b.rng.sample(INTERVENTIONS, 2))
    )
    if status != Status.DRAFT:
        referral.save(update_fields=route_on_submission(referral=referral))
    _history(b, referral, staff, people.coordinator, submitted_days)
    return referral


def _history(
    b: _Build, referral: Referral, staff: Membership, coordinator: Membership, days: int
) -> None:
    status = referral.status
    steps: list[tuple[str, Membership, int, str]] = [(Status.DRAFT, staff, days + 2, "")]
    if status != Status.DRAFT:
        steps.append((Status.SUBMITTED, staff, days, ""))
    if status == Status.RETURNED:
        question = "Please add the dates of the reduced timetable and who agreed it."
        steps.append((Status.RETURNED, coordinator, days - 2, question))
    if status in (Status.ACCEPTED, Status.DECIDED, Status.CLOSED):
        steps.append((Status.ACCEPTED, coordinator, days - 3, ""))
    if status == Status.WITHDRAWN:
        steps.append((Status.WITHDRAWN, staff, days - 4, "The family has moved out of the area."))
    rows = ReferralStatus.objects.bulk_create(
        ReferralStatus(referral=referral, status=s, actor=m.user, membership=m, note=note)
        for s, m, _, note in steps
    )
    for row, (_, _, ago, _) in zip(rows, steps, strict=True):
        ReferralStatus.objects.filter(pk=row.pk).update(at=b.ago(max(ago, 0)))
    Referral.objects.filter(pk=referral.pk).update(created_at=b.ago(days + 2))


def _add_status(
    b: _Build, referral: Referral, status: str, by: Membership, at: dt.datetime, note: str = ""
) -> None:
    row = ReferralStatus.objects.create(
        referral=referral, status=status, actor=by.user, membership=by, note=note
    )
    ReferralStatus.objects.filter(pk=row.pk).update(at=at)


# --- forums ----------------------------------------------------------------------------------


def _meeting(
    b: _Build, partnership: Partnership, days: int, by: User, online: bool
) -> ForumMeeting:
    starts = b.ago(-days, hour=9) + dt.timedelta(minutes=30)
    town = partnership.area.split(",")[0] if partnership.area else "the partnership area"
    return ForumMeeting.objects.create(
        partnership=partnership,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2, minutes=30),
        location="" if online else f"Community room, {town} library",
        online_link="https://meet.partnerships.example/forum" if online else "",
        chair_name="Partnership chair",
        clerk_name="Partnership administrator",
        created_by=by,
    )


def _forums(
    b: _Build,
    partnership: Partnership,
    referrals: list[Referral],
    people: _People,
    schools: list[School],
) -> None:
    by = people.coordinator.user
    past = [_meeting(b, partnership, days, by, online=days == -28) for days in (-56, -28)]
    future = [_meeting(b, partnership, days, by, online=days == 35) for days in (7, 35)]
    decided = [r for r in referrals if r.status in (Status.DECIDED, Status.CLOSED)]
    accepted = [r for r in referrals if r.status == Status.ACCEPTED]
    for meeting in past:
        _attendance(b, meeting, schools)
    for index, referral in enumerate(decided):
        meeting = past[index % len(past)]
        item = _schedule(meeting, referral, by)
        _decide(b, item, people, DECIDED_OUTCOMES[index % len(DECIDED_OUTCOMES)])
    for index, referral in enumerate(accepted[:2]):
        _schedule(future[index % len(future)], referral, by)


def _schedule(meeting: ForumMeeting, referral: Referral, by: User) -> AgendaItem:
    position = meeting.items.aggregate(n=Count("pk"))["n"] + 1
    return AgendaItem.objects.create(
        meeting=meeting, referral=referral, position=position, scheduled_by=by
    )


def _attendance(b: _Build, meeting: ForumMeeting, schools: list[School]) -> None:
    rows = [
        Attendance(meeting=meeting, school=school, represented_by="Inclusion lead")
        for school in schools
    ]
    rows += [
        Attendance(meeting=meeting, agency=agency, represented_by="Duty worker")
        for agency in b.rng.sample(b.agencies, min(2, len(b.agencies)))
    ]
    Attendance.objects.bulk_create(rows)


def _decide(b: _Build, item: AgendaItem, people: _People, outcome: str) -> None:
    meeting, referral = item.meeting, item.referral
    tier = (
        3
        if outcome == Outcome.TIER_CHANGE
        else 4
        if outcome == Outcome.PROGRAMME_MANAGEMENT
        else None
    )
    decision = Decision.objects.create(
        agenda_item=item,
        outcome=outcome,
        rationale=RATIONALES[Outcome(outcome)],
        new_tier=tier if outcome == Outcome.TIER_CHANGE else None,
        decided_by=people.coordinator.user,
    )
    _add_status(b, referral, Status.DECIDED, people.coordinator, meeting.starts_at)
    if referral.status == Status.CLOSED:
        _add_status(
            b, referral, Status.CLOSED, people.coordinator, meeting.ends_at, "Plan in place."
        )
    if tier is not None:
        TierChange.objects.create(
            pupil=referral.pupil,
            tier=tier,
            effective_on=meeting.starts_at.date(),
            decision=decision,
            set_by=people.coordinator.user,
        )
    _actions(b, decision, referral, people, meeting)


def _actions(
    b: _Build, decision: Decision, referral: Referral, people: _People, meeting: ForumMeeting
) -> None:
    staff = people.staff[referral.school_id]
    for n, (text, owner) in enumerate(b.rng.sample(ACTIONS, 2)):
        due = meeting.starts_at.date() + dt.timedelta(days=14 + 14 * n)
        done = due < b.now.date() and b.rng.random() < 0.5
        Action.objects.create(
            decision=decision,
            description=text,
            owner_user=staff.user if owner == "school" and n == 0 else None,
            owner_school=referral.school if owner == "school" else None,
            owner_partnership=referral.partnership if owner == "partnership" else None,
            owner_agency=b.agencies[0] if owner == "agency" else None,
            due_on=due,
            completed_on=due - dt.timedelta(days=2) if done else None,
            completed_by=staff.user if done else None,
        )
