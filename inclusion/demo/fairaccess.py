"""The demo county's Fair Access cases.

For each partnership of the home authority: the Fair Access panel meetings that decided its
earlier cases, one coming up, and six fictional cases in different states: two children who
started at their allocated school earlier in the school year, one allocated, one on the next
panel's agenda, one still at intake with its 20-school-day clock overdue, and one opened this
week. Each case has an in-year application or two refused before it. Schools without a capacity
get one, and one school in the county is marked as in special measures, so the fairness table
has something to show.

``build_fair_access(rng)`` works on a county already built; it is not called by
``generate.build_county`` yet. Dates are relative to ``today``. Running it twice adds nothing.
Everything here is invented.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from inclusion.accounts.models import Membership, Role, User
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar, calendar_for
from inclusion.demo.generate import FEMALE, HOME_LA_CODE, MALE, SURNAME_NAMES
from inclusion.fairaccess.categories import Category
from inclusion.fairaccess.models import (
    CaseStatusChange,
    FairAccessCase,
    InYearAttempt,
    PanelMeeting,
    Status,
)
from inclusion.organisations import postcodes
from inclusion.organisations.models import Partnership, School

EVIDENCE: dict[str, str] = {
    Category.EXCLUDED_OR_AP: "Permanently excluded last term; the PRU's reintegration review "
    "says mainstream is suitable.",
    Category.HOMELESS: "The housing team confirms the family is in temporary accommodation.",
    Category.CHILD_IN_NEED: "The social worker confirms a Child in Need plan since October.",
    Category.GRT_REFUGEE_ASYLUM: "The family arrived through the resettlement scheme in January.",
    Category.OUT_OF_EDUCATION: "Out of school for six weeks; no school within reach has a place.",
    Category.CARER: "Early Help confirms the child is a young carer for a parent.",
}
# (status, school days before today the protocol was decided on, category)
PLAN: tuple[tuple[str, int, str], ...] = (
    (Status.STARTED, 70, Category.EXCLUDED_OR_AP),
    (Status.STARTED, 45, Category.HOMELESS),
    (Status.ALLOCATED, 18, Category.CHILD_IN_NEED),
    (Status.AT_PANEL, 8, Category.GRT_REFUGEE_ASYLUM),
    (Status.OPEN, 25, Category.OUT_OF_EDUCATION),
    (Status.OPEN, 2, Category.CARER),
)


def _school_day(calendar: SchoolCalendar, start: dt.date, n: int) -> dt.date:
    try:
        return calendar.add_school_days(start, n)
    except CalendarMissingError:
        return start + dt.timedelta(days=n * 7 // 5)


def _opener(partnership: Partnership) -> User | None:
    member = (
        Membership.objects.filter(is_active=True, role=Role.COORDINATOR, partnership=partnership)
        .select_related("user")
        .order_by("pk")
        .first()
    ) or (
        Membership.objects.filter(
            is_active=True,
            role=Role.LA_OFFICER,
            local_authority_id=partnership.local_authority_id,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user if member else None


def _fairness_facts(rng: random.Random) -> None:
    """A capacity for each school without one, and one school in special measures."""
    schools = list(
        School.objects.filter(local_authority__dfe_code=HOME_LA_CODE, capacity__isnull=True)
    )
    for school in schools:
        school.capacity = rng.randrange(600, 1700, 50)
    School.objects.bulk_update(schools, ["capacity"])
    if schools and not School.objects.filter(in_special_measures=True).exists():
        chosen = rng.choice(schools)
        chosen.in_special_measures = True
        chosen.save(update_fields=["in_special_measures"])


def _child(rng: random.Random, today: dt.date) -> dict[str, object]:
    year = rng.choice((7, 8, 9, 9, 10, 10, 11))
    # A child in Year N on 1 September of school year Y was born between September Y-N-5 and
    # August Y-N-4.
    school_year = today.year if today.month >= 9 else today.year - 1
    born = dt.date(school_year - year - 5, 9, 1) + dt.timedelta(days=rng.randrange(365))
    return {
        "legal_first_name": rng.choice(rng.choice((FEMALE, MALE))),
        "legal_last_name": rng.choice(SURNAME_NAMES),
        "date_of_birth": born,
        "nc_year": year,
    }


def _home(rng: random.Random, schools: list[School]) -> tuple[str, int | None, int | None]:
    """A real postcode near one of the partnership's schools: its own outward code."""
    school = rng.choice(schools)
    outward = (school.postcode or "LE10 0AA").split(" ")[0]
    candidates = list(postcodes.postcodes_in(outward))
    postcode = rng.choice(candidates) if candidates else school.postcode
    facts = postcodes.lookup(postcode or "")
    return (
        postcode or "LE10 0AA",
        facts.easting if facts else None,
        facts.northing if facts else None,
    )


@transaction.atomic
def build_fair_access(rng: random.Random, *, today: dt.date | None = None) -> int:
    """Add the demo's Fair Access panels and cases; the number of cases added."""
    today = today or timezone.localdate()
    _fairness_facts(rng)
    made = 0
    partnerships = Partnership.objects.filter(local_authority__dfe_code=HOME_LA_CODE).order_by(
        "name"
    )
    for partnership in partnerships.select_related("local_authority"):
        if FairAccessCase.objects.filter(partnership=partnership).exists():
            continue
        made += _build_partnership(rng, partnership, today)
    return made


def _build_partnership(rng: random.Random, partnership: Partnership, today: dt.date) -> int:
    opener = _opener(partnership)
    schools = list(
        School.objects.filter(partnership=partnership, is_open=True)
        .exclude(phase=School.Phase.PRU)
        .order_by("name")
    )
    if opener is None or not schools:
        return 0
    calendar = calendar_for(partnership.local_authority)
    upcoming = PanelMeeting.objects.create(
        partnership=partnership, meets_on=_school_day(calendar, today, 5), created_by=opener
    )
    for status, days_ago, category in PLAN:
        decided = _school_day(calendar, today, -days_ago)
        panel = upcoming
        if status in (Status.ALLOCATED, Status.STARTED):  # its panel, 5 school days later
            panel, _ = PanelMeeting.objects.get_or_create(
                partnership=partnership,
                meets_on=_school_day(calendar, decided, 5),
                defaults={"created_by": opener},
            )
        _case(rng, partnership, schools, opener, (status, decided, category), panel)
    return len(PLAN)


def _case(
    rng: random.Random,
    partnership: Partnership,
    schools: list[School],
    opener: User,
    plan: tuple[str, dt.date, str],
    panel: PanelMeeting,
) -> None:
    status, decided, category = plan
    postcode, easting, northing = _home(rng, schools)
    case = FairAccessCase(
        partnership=partnership,
        status=status,
        home_postcode=postcode,
        home_easting=easting,
        home_northing=northing,
        category=category,
        category_evidence="Fictional: " + EVIDENCE[category],
        protocol_decided_on=decided,
        opened_by=opener,
        **_child(rng, decided),
    )
    case.reference = f"FA-{case.pk.hex[:8].upper()}"
    if status != Status.OPEN:
        case.panel = panel
    if status in (Status.ALLOCATED, Status.STARTED):
        case.allocated_school = rng.choice(schools)
        case.allocated_on = panel.meets_on
        if status == Status.STARTED:
            case.offered_on = case.allocated_on + dt.timedelta(days=2)
            case.starts_on = case.offered_on + dt.timedelta(days=5)
    case.save()
    CaseStatusChange.objects.create(case=case, status=status, changed_by=opener)
    for n in range(rng.randint(1, 2)):
        InYearAttempt.objects.create(
            case=case,
            school_name=rng.choice(schools).name,
            applied_on=decided - dt.timedelta(days=21 + 7 * n),
            outcome=rng.choice(
                [InYearAttempt.Outcome.REFUSED_FULL, InYearAttempt.Outcome.NO_ANSWER]
            ),
        )
