"""The demo county's programme management: the placements the directory demo made, filled in as
a co-ordinator or school would have set them up (commissioner, category, cost, history), with
Standard Risk Assessments, education plans and reviews (some overdue), provider notes and an
incident, the Virtual School step for looked-after pupils, and each partnership's average pupil
cost.

``generate.build_county`` calls ``build_programmes`` last, with its seeded ``random.Random``;
dates are relative to the day of the build. Everything here is invented.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.calendar.days import CalendarMissingError, school_weeks_after
from inclusion.organisations.models import Partnership
from inclusion.placements.models import (
    AveragePupilCost,
    EducationPlan,
    Hazard,
    Placement,
    PlacementSession,
    PlacementStatus,
    ProviderNote,
    Review,
    RiskAssessment,
    RiskHazard,
    Target,
    TargetProgress,
)
from inclusion.placements.presenters.pack import PACK_FIELDS

Status = Placement.Status
FULL_TIME_FROM = Decimal(18)
AVERAGE_PUPIL_COST = Decimal("18000.00")
OBJECTIVES = (
    "Re-engage with learning in a smaller setting; attend every timetabled session; work "
    "towards a Level 1 qualification and return to a full timetable.",
    "Build confidence and routines; improve attendance to over 90%; keep English and maths "
    "going alongside the practical course.",
)
TARGETS = (
    ("Attend every timetabled session", "Attendance marks from the provider, reviewed weekly"),
    ("Complete the Level 1 practical units", "Units signed off by the tutor"),
    ("Keep up English and mathematics", "Work sampled by the school each half term"),
    ("Manage frustration without leaving the session", "Incidents recorded by the provider"),
)
NOTES = (
    "Settled well this week; finished the first practical task and helped a new starter.",
    "Late twice but stayed for every session; good effort in the maths starter.",
    "Quiet on Monday; talked to the key worker and joined in by the afternoon.",
)


@dataclass
class _Build:
    rng: random.Random
    today: dt.date
    coordinators: dict[object, User]  # partnership pk → a co-ordinator
    staff: dict[object, User]  # school pk → a member of staff
    provider_staff: dict[object, User]  # provider pk → a member of staff

    def ago(self, days: int) -> dt.date:
        return self.today - dt.timedelta(days=days)


def build_programmes(rng: random.Random, *, partnerships: list[Partnership]) -> None:
    b = _Build(rng, timezone.localdate(), *_people())
    for partnership in partnerships:
        for year in (b.today.year - 1, b.today.year):
            AveragePupilCost.objects.create(
                partnership=partnership, academic_year=year, amount=AVERAGE_PUPIL_COST
            )
    placements = (
        Placement.objects.select_related("pupil__school", "site__provider")
        .prefetch_related(Prefetch("sessions", PlacementSession.objects.order_by()))
        .order_by("start_date", "pk")
    )
    for placement in placements:
        if placement.pupil.school.partnership_id in b.coordinators:
            _describe(b, placement)


def _people() -> tuple[dict[object, User], dict[object, User], dict[object, User]]:
    members = Membership.objects.filter(is_active=True).select_related("user").order_by("pk")
    coordinators: dict[object, User] = {}
    staff: dict[object, User] = {}
    provider_staff: dict[object, User] = {}
    for m in members:
        if m.role == Role.COORDINATOR:
            coordinators.setdefault(m.partnership_id, m.user)
        elif m.role == Role.SCHOOL_STAFF:
            staff.setdefault(m.school_id, m.user)
        elif m.role == Role.PROVIDER_STAFF:
            provider_staff.setdefault(m.provider_id, m.user)
    return coordinators, staff, provider_staff


def _describe(b: _Build, placement: Placement) -> None:
    school = placement.pupil.school
    coordinator = b.coordinators[school.partnership_id]
    full_time = placement.weekly_hours >= FULL_TIME_FROM
    by_school = not full_time and b.rng.random() < 0.4
    provider = placement.site.provider
    placement.school = school
    placement.commissioner = (
        Placement.Commissioner.SCHOOL if by_school else Placement.Commissioner.PARTNERSHIP
    )
    placement.partnership_id = None if by_school else school.partnership_id
    placement.programme_management = full_time and not by_school
    placement.category = (
        Placement.Category.AT_RISK_FULL_TIME if full_time else Placement.Category.SHORT_TERM
    )
    placement.purpose = "A full-time programme out of school" if full_time else "Part-time course"
    placement.objectives = b.rng.choice(OBJECTIVES)
    placement.target_end_date = placement.start_date + dt.timedelta(days=180)
    placement.commissioning_agreement = (
        "Agreed by the headteacher; the school pays the provider's invoices termly."
        if by_school
        else ""
    )
    placement.price, placement.price_unit = provider.price, provider.price_unit
    placement.transport = "Bus pass from the school; the provider meets the pupil at the stop."
    placement.pack_fields = list(PACK_FIELDS)
    placement.created_by = b.staff.get(school.pk) if by_school else coordinator
    if placement.status == Status.ENDED:
        placement.end_reason = Placement.EndReason.COMPLETED
    if placement.pupil.looked_after and placement.status in (Status.AGREED, Status.ACTIVE):
        placement.virtual_school_step = "notified"
        placement.virtual_school_note = "The care authority's Virtual School was told by e-mail."
        placement.virtual_school_recorded_by = coordinator
        placement.virtual_school_recorded_at = timezone.now()
    if placement.programme_management:
        placement.risk_assessment = _risk_assessment(b, placement, coordinator)
    placement.save()
    _history(b, placement, placement.created_by or coordinator)
    if placement.status in (Status.AGREED, Status.ACTIVE):
        _plan(b, placement, placement.created_by or coordinator)
        _notes(b, placement)


def _history(b: _Build, placement: Placement, by: User) -> None:
    steps = [Status.PROPOSED]
    if placement.status != Status.PROPOSED:
        steps.append(Status.AGREED)
    if placement.status in (Status.ACTIVE, Status.ENDED):
        steps.append(Status.ACTIVE)
    if placement.status == Status.ENDED:
        steps.append(Status.ENDED)
    rows = PlacementStatus.objects.bulk_create(
        PlacementStatus(placement=placement, status=step, actor=by) for step in steps
    )
    start = placement.start_date
    days: dict[str, dt.date] = {
        Status.PROPOSED: start - dt.timedelta(days=21),
        Status.AGREED: start - dt.timedelta(days=10),
        Status.ACTIVE: start,
        Status.ENDED: placement.end_date or start,
    }
    for row in rows:
        at = dt.datetime.combine(min(days[row.status], b.today), dt.time(10))
        PlacementStatus.objects.filter(pk=row.pk).update(at=timezone.make_aware(at))


def _risk_assessment(b: _Build, placement: Placement, coordinator: User) -> RiskAssessment:
    pupil = placement.pupil
    existing = RiskAssessment.objects.filter(pupil=pupil).order_by("-version").first()
    if existing is not None:
        return existing
    staff = b.staff.get(pupil.school_id, coordinator)
    completed = timezone.make_aware(
        dt.datetime.combine(placement.start_date - dt.timedelta(days=14), dt.time(11))
    )
    assessment = RiskAssessment.objects.create(
        pupil=pupil,
        overall_rating=RiskAssessment.Rating.MEDIUM,
        summary="Travel and risk from others are the main concerns; controls agreed with the "
        "provider and the family.",
        review_on=b.today + dt.timedelta(days=b.rng.randint(20, 120)),
        created_by=staff,
        completed_by=staff,
        completed_at=completed,
        signed_off_by=coordinator,
        signed_off_at=completed + dt.timedelta(days=2),
    )
    RiskHazard.objects.bulk_create(_hazard(b, assessment, hazard) for hazard in Hazard.values)
    return assessment


def _hazard(b: _Build, assessment: RiskAssessment, hazard: str) -> RiskHazard:
    likelihood, severity = b.rng.randint(1, 3), b.rng.randint(1, 4)
    needs_controls = likelihood * severity >= 5
    return RiskHazard(
        assessment=assessment,
        hazard=hazard,
        likelihood=likelihood,
        severity=severity,
        controls="Key worker meets the pupil on arrival; the school is called at once if "
        "they do not arrive."
        if needs_controls
        else "",
        owner="Provider key worker" if needs_controls else "",
    )


def _next_review(placement: Placement, start: dt.date, weeks: int) -> dt.date:
    try:
        return school_weeks_after(placement.pupil.school.local_authority_id, start, weeks)
    except CalendarMissingError:
        return start + dt.timedelta(weeks=weeks)


def _plan(b: _Build, placement: Placement, by: User) -> None:
    plan = EducationPlan.objects.create(
        placement=placement,
        baseline_attainment="Working below age-related expectations in English and maths.",
        baseline_attendance=Decimal(b.rng.randint(55, 85)),
        baseline_behaviour="Frequent removals from lessons before the placement.",
        baseline_wellbeing="Low confidence; anxious in large groups.",
        created_by=by,
    )
    targets = Target.objects.bulk_create(
        Target(plan=plan, description=text, measure=measure, position=n)
        for n, (text, measure) in enumerate(b.rng.sample(TARGETS, 3))
    )
    plan.next_review_on = _reviews(b, placement, plan, targets, by)
    plan.save(update_fields=["next_review_on"])


def _reviews(
    b: _Build, placement: Placement, plan: EducationPlan, targets: list[Target], by: User
) -> dt.date:
    """Reviews every six school weeks while the placement has run; about a third of the plans
    miss their latest review, which is then overdue. Returns the next review date."""
    dues = [_next_review(placement, placement.start_date, 6)]
    while dues[-1] <= b.today - dt.timedelta(days=3):
        dues.append(_next_review(placement, dues[-1], 6))
    held = dues[:-1]
    if held and b.rng.random() < 0.35:
        held = held[:-1]  # the latest review was missed
    for index, day in enumerate(held):
        review = Review.objects.create(
            plan=plan,
            held_on=day,
            attendees="Inclusion lead, provider key worker, parent, pupil",
            pupil_voice="Likes the practical work; wants more help with maths.",
            parent_voice="Pleased with attendance; worried about the journey in winter.",
            provider_report="Attending well and starting to lead in group tasks.",
            decision=Review.Decision.CONTINUE,
            next_review_on=dues[index + 1],
            recorded_by=by,
        )
        TargetProgress.objects.bulk_create(
            TargetProgress(review=review, target=target, score=b.rng.randint(2, 4))
            for target in targets
        )
    return dues[len(held)]


def _notes(b: _Build, placement: Placement) -> None:
    recorder = b.provider_staff.get(placement.site.provider_id)
    if recorder is None or placement.status != Status.ACTIVE:
        return
    notes = [
        ProviderNote(
            placement=placement,
            kind=ProviderNote.Kind.PROGRESS,
            occurred_on=b.ago(7 * n + 2),
            text=b.rng.choice(NOTES),
            recorded_by=recorder,
        )
        for n in range(2)
    ]
    if b.rng.random() < 0.15:
        notes.append(
            ProviderNote(
                placement=placement,
                kind=ProviderNote.Kind.INCIDENT,
                occurred_on=b.ago(1),
                text="Left the site at lunchtime without telling staff; found at the bus stop.",
                action_taken="Parent and the school's DSL called; returned for the afternoon.",
                recorded_by=recorder,
            )
        )
    ProviderNote.objects.bulk_create(notes)
