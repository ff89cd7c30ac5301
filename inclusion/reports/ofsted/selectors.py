"""The Ofsted evidence pack of one school: what a school must be able to tell an inspector at the
planning call about its pupils in alternative provision, and the partnership's best-practice
checklist for each of them (``../shared/reference/statutory-rules.md``, "Ofsted").

Every pupil of the school at off-site provision now (active placements), and those whose
placement ended earlier this school year, scoped through the placements the acting membership
may see. A constant number of queries whatever the number of pupils.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from inclusion.accounts.models import Membership, Role, User
from inclusion.attendance.measures import Measures, Period, by_placement
from inclusion.attendance.models import AttendanceAlert
from inclusion.attendance.selectors.measures import load
from inclusion.calendar.days import (
    CalendarMissingError,
    SchoolCalendar,
    academic_year_bounds,
    academic_year_of,
    calendar_for,
)
from inclusion.organisations.models import School
from inclusion.placements.models import EducationPlan, Placement, Review
from inclusion.placements.selectors.access import placements_visible_to
from inclusion.providers.status import qa_status_of
from inclusion.visits.selectors import VisitStatus, visit_status

Status = Placement.Status
# How far back the register must be complete, and how long an absence alert may stay open.
MARKED_WITHIN_SCHOOL_DAYS = 10
# A placement this old should have had at least one review.
FIRST_REVIEW_AFTER = dt.timedelta(weeks=6)


@dataclass(frozen=True)
class Check:
    """One item of the best-practice checklist: met, or a gap and why."""

    label: str
    met: bool
    detail: str


@dataclass
class PackRow:
    placement: Placement
    term: Measures
    year: Measures
    last_review: dt.date | None
    next_review: dt.date | None
    visits: VisitStatus | None
    qa: str  # the provider's QA status
    checks: list[Check] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        return self.placement.status == Status.ENDED

    @property
    def gaps(self) -> list[Check]:
        return [c for c in self.checks if not c.met]

    @property
    def hours(self) -> Decimal:
        return self.placement.weekly_hours

    @property
    def provider_id_number(self) -> str:
        """The provider's URN, or its UKPRN, or "" (unregistered providers have neither)."""
        provider = self.placement.site.provider
        if provider.urn:
            return f"URN {provider.urn}"
        if provider.ukprn:
            return f"UKPRN {provider.ukprn}"
        return ""


@dataclass
class OfstedPack:
    school: School
    today: dt.date
    term_first: dt.date | None
    year_first: dt.date
    ap_lead: User | None
    safeguarding_leads: list[User]
    current: list[PackRow]
    ended: list[PackRow]
    calendar_missing: str = ""

    @property
    def complete_rows(self) -> list[PackRow]:
        """Pupils at provision now with every checklist item met."""
        return [row for row in self.current if not row.gaps]

    @property
    def gap_count(self) -> int:
        return sum(len(row.gaps) for row in self.current)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Pupils now at provision by the placement's Ofsted category."""
        counts = Counter(
            row.placement.get_category_display() or "Not recorded" for row in self.current
        )
        return sorted(counts.items())


# Which schools and placements ----------------------------------------------------------------


def schools_for_pack(*, membership: Membership | None) -> QuerySet[School]:
    """The schools whose pack the membership may see: its own school, its partnership's, or
    its local authority's."""
    if membership is None:
        return School.objects.none()
    if membership.role == Role.SCHOOL_STAFF and membership.school_id is not None:
        return School.objects.filter(pk=membership.school_id)
    if membership.role in (Role.COORDINATOR, Role.CHAIR) and membership.partnership_id:
        return School.objects.filter(partnership_id=membership.partnership_id)
    if membership.role == Role.LA_OFFICER and membership.local_authority_id:
        return School.objects.filter(local_authority_id=membership.local_authority_id)
    return School.objects.none()


def with_pupils_at_provision(schools: QuerySet[School]) -> QuerySet[School]:
    """The schools by name, each with the number of its pupils at provision now."""
    return schools.annotate(
        at_provision=Count(
            "pupils__placements",
            filter=Q(pupils__placements__status=Status.ACTIVE),
            distinct=True,
        )
    ).order_by("name")


def lead_choices(school: School) -> QuerySet[User]:
    """Who may be named as the school's lead: its staff who use the service."""
    return (
        User.objects.filter(memberships__school=school, memberships__is_active=True, is_active=True)
        .distinct()
        .order_by("full_name")
    )


def _placements(
    membership: Membership, school: School, today: dt.date, year_first: dt.date
) -> QuerySet[Placement]:
    return (
        placements_visible_to(membership=membership, today=today)
        .filter(pupil__school=school, start_date__lte=today)
        .filter(
            Q(status=Status.ACTIVE)
            | Q(status=Status.ENDED, end_date__gte=year_first, end_date__lte=today)
        )
        .select_related("pupil", "site__provider", "referral", "decision")
        .prefetch_related(
            "sessions",
            Prefetch(
                "plan",
                queryset=EducationPlan.objects.prefetch_related(
                    Prefetch("reviews", queryset=Review.objects.order_by("-held_on"))
                ),
            ),
        )
        .order_by("pupil__legal_last_name", "pupil__legal_first_name", "start_date", "pk")
    )


# The checklist ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SchoolFacts:
    ap_lead: User | None
    safeguarding_leads: list[User]
    unmarked: Counter[uuid.UUID]  # expected sessions without a mark lately, per placement
    open_alerts: Counter[uuid.UUID]  # absence alerts not followed up, per placement


def _plan_of(placement: Placement) -> EducationPlan | None:
    try:
        return placement.plan
    except EducationPlan.DoesNotExist:
        return None


def _reviews(placement: Placement) -> list[Review]:
    plan = _plan_of(placement)
    return list(plan.reviews.all()) if plan is not None else []


def _commissioning(placement: Placement) -> Check:
    label = "A commissioning agreement"
    if placement.commissioner == Placement.Commissioner.SCHOOL:
        if placement.commissioning_agreement.strip():
            return Check(label, True, "The school's own agreement is recorded")
        return Check(label, False, "The school's commissioning agreement is not recorded")
    if placement.decision_id or placement.referral_id:
        return Check(
            label, True, "Commissioned by the partnership after an Inclusion Forum decision"
        )
    return Check(label, False, "No forum decision or agreement is recorded")


def _reviews_check(placement: Placement, today: dt.date) -> Check:
    label = "A target end date, next review date and evidence of past reviews"
    missing = []
    if placement.target_end_date is None:
        missing.append("no target end date")
    plan = _plan_of(placement)
    if plan is None or plan.next_review_on is None:
        missing.append("no next review date")
    elif plan.next_review_on < today:
        missing.append(
            f"the review due {plan.next_review_on.day} {plan.next_review_on:%B %Y} is overdue"
        )
    if not _reviews(placement) and today - placement.start_date >= FIRST_REVIEW_AFTER:
        missing.append("no review recorded yet")
    if missing:
        return Check(label, False, "; ".join(missing).capitalize())
    return Check(label, True, "Recorded")


def _attendance_check(placement: Placement, facts: SchoolFacts) -> Check:
    label = "Daily attendance checks and absence follow-up"
    missing = []
    if unmarked := facts.unmarked[placement.pk]:
        missing.append(
            f"{unmarked} session{'s' if unmarked != 1 else ''} not marked in the last "
            f"{MARKED_WITHIN_SCHOOL_DAYS} school days"
        )
    if alerts := facts.open_alerts[placement.pk]:
        missing.append(f"{alerts} absence alert{'s' if alerts != 1 else ''} not followed up")
    if missing:
        return Check(label, False, "; ".join(missing).capitalize())
    return Check(label, True, "Marked daily by the provider; absences followed up")


def _visit_check(status: VisitStatus | None) -> Check:
    label = "Evidence of staff visits"
    if status is None:
        return Check(label, False, "No visit recorded")
    last = status.last_visit.visited_on if status.last_visit is not None else None
    if status.overdue:
        when = f"last visit {last.day} {last:%B %Y}" if last else "no visit recorded"
        return Check(label, False, f"No visit this half term ({when})")
    if last is None:
        return Check(label, True, "Not due yet: the placement has just started")
    return Check(label, True, f"Visited {last.day} {last:%B %Y}")


def checklist(row: PackRow, facts: SchoolFacts, today: dt.date) -> list[Check]:
    """The partnership's best-practice checklist for one pupil at provision."""
    p = row.placement
    lead = facts.ap_lead
    dsl = facts.safeguarding_leads
    return [
        Check(
            "A named lead who can locate every pupil",
            lead is not None,
            lead.full_name if lead is not None else "The school has not named its lead",
        ),
        Check(
            "The pupil's category (a, b or c)",
            bool(p.category),
            p.get_category_display() if p.category else "Not recorded on the placement",
        ),
        _attendance_check(p, facts),
        Check(
            "A quick route for the provider to the school's DSL",
            bool(dsl),
            ", ".join(u.full_name for u in dsl)
            if dsl
            else "No designated safeguarding lead recorded",
        ),
        _commissioning(p),
        _reviews_check(p, today),
        _visit_check(row.visits),
        Check(
            "An agreed suspension procedure",
            bool(p.suspension_procedure.strip()),
            "Recorded on the placement" if p.suspension_procedure.strip() else "Not recorded",
        ),
    ]


# The pack ------------------------------------------------------------------------------------


def _school_facts(
    school: School, placements: list[Placement], loaded_unmarked: Counter[uuid.UUID]
) -> SchoolFacts:
    leads = [
        m.user
        for m in Membership.objects.filter(
            school=school, role=Role.SCHOOL_STAFF, is_active=True, is_safeguarding_lead=True
        )
        .select_related("user")
        .order_by("user__full_name")
    ]
    open_alerts: Counter[uuid.UUID] = Counter(
        AttendanceAlert.objects.filter(
            placement_id__in=[p.pk for p in placements],
            kind=AttendanceAlert.Kind.ABSENCE,
            acknowledged_at__isnull=True,
        ).values_list("placement_id", flat=True)
    )
    return SchoolFacts(school.ap_lead, leads, loaded_unmarked, open_alerts)


def _term_first(calendar: SchoolCalendar, today: dt.date) -> dt.date | None:
    term = calendar.term_containing(today)
    if term is not None:
        return term.starts_on
    earlier = [t for t in calendar.terms if t.starts_on <= today]
    return earlier[-1].starts_on if earlier else None


def ofsted_pack(*, membership: Membership, school: School, today: dt.date) -> OfstedPack:
    """The pack for ``school`` as the membership may see it (the caller checked the school is
    one of :func:`schools_for_pack`)."""
    year_first, _ = academic_year_bounds(academic_year_of(today))
    placements = list(_placements(membership, school, today, year_first))
    calendar = calendar_for(school.local_authority_id)
    missing = ""
    try:
        term_first = _term_first(calendar, today)
        recent_first = calendar.add_school_days(today, -MARKED_WITHIN_SCHOOL_DAYS)
    except CalendarMissingError as error:
        term_first, recent_first, missing = None, today, str(error)
    loaded = load(Placement.objects.filter(pk__in=[p.pk for p in placements]), year_first, today)
    year = Period(year_first, today, today)
    term = Period(term_first or today, today, today)
    by_year = by_placement(loaded.records, loaded.codes, year)
    by_term = by_placement(loaded.records, loaded.codes, term) if term_first else {}
    unmarked: Counter[uuid.UUID] = Counter(
        r.placement_id
        for r in loaded.records
        if r.code is None and recent_first <= r.date < today and r.placement_id is not None
    )
    facts = _school_facts(school, placements, unmarked)
    visits = visit_status([p for p in placements if p.status == Status.ACTIVE], today)
    pack = OfstedPack(
        school=school,
        today=today,
        term_first=term_first,
        year_first=year_first,
        ap_lead=facts.ap_lead,
        safeguarding_leads=facts.safeguarding_leads,
        current=[],
        ended=[],
        calendar_missing=missing or "; ".join(loaded.missing_calendars),
    )
    for placement in placements:
        plan = _plan_of(placement)
        reviews = _reviews(placement)
        row = PackRow(
            placement=placement,
            term=by_term.get(placement.pk, Measures()),
            year=by_year.get(placement.pk, Measures()),
            last_review=reviews[0].held_on if reviews else None,
            next_review=plan.next_review_on if plan is not None else None,
            visits=visits.get(placement.pk),
            qa=qa_status_of(placement.site.provider, today).label,
        )
        if placement.status == Status.ENDED:
            pack.ended.append(row)
        else:
            row.checks = checklist(row, facts, today)
            pack.current.append(row)
    return pack
