"""A pupil at alternative provision with everything an inspector asks for in place but a visit
this half term, for the Ofsted evidence pack tests (fictional data only).

Today is Wednesday 4 March 2026 in Leicestershire's seeded calendar."""

from __future__ import annotations

import datetime as dt

from inclusion.accounts.models import User
from inclusion.attendance.models import AttendanceMark
from inclusion.calendar.days import calendar_for
from inclusion.placements.models import EducationPlan, Placement, Review
from inclusion.visits.models import Visit
from tests.attendance.factories_alerts import placement_for
from tests.conftest import County

TODAY = dt.date(2026, 3, 4)
DECEMBER = dt.date(2025, 12, 1)
ABSENT = {(dt.date(2026, 1, 12), "am"): "O", (dt.date(2026, 1, 12), "pm"): "I"}
ABSENT[(dt.date(2026, 2, 3), "am")] = "O"
AGREEMENT = "Fictional: two days a week at the farm, reviewed each half term."
SUSPENSION = "Fictional: the provider phones the DSL; the school sets work; a return meeting."
MON_TUE = (0, 1)


def _mark_all(placement: Placement, by: User) -> None:
    """Every expected session from December to yesterday: December absent, spring present
    but for three absences."""
    calendar = calendar_for(placement.pupil.school.local_authority_id)
    marks = []
    for day in calendar.school_days_in(DECEMBER, TODAY - dt.timedelta(days=1)):
        if day.weekday() not in MON_TUE:
            continue
        for session, present in (("am", "/"), ("pm", "\\")):
            code = "O" if day < dt.date(2026, 1, 1) else ABSENT.get((day, session), present)
            marks.append(
                AttendanceMark(
                    placement=placement, date=day, session=session, code=code, recorded_by=by
                )
            )
    AttendanceMark.objects.bulk_create(marks)


def amara_placed(county: County) -> Placement:
    """Amara at Skills Barn since December, Mondays and Tuesdays 9am to 3pm (12 hours), with
    everything in place but a visit this half term."""
    staff = county.memberships["school_a"].user
    county.school_a.ap_lead = staff
    county.school_a.save()
    placement = placement_for(
        county,
        weekdays=MON_TUE,
        start_date=DECEMBER,
        category=Placement.Category.SHORT_TERM,
        purpose="Fictional: a practical land-based course to re-engage with learning",
        target_end_date=dt.date(2026, 7, 17),
        commissioner=Placement.Commissioner.SCHOOL,
        commissioning_agreement=AGREEMENT,
        suspension_procedure=SUSPENSION,
    )
    _mark_all(placement, county.memberships["provider"].user)
    plan = EducationPlan.objects.create(
        placement=placement, next_review_on=dt.date(2026, 3, 16), created_by=staff
    )
    Review.objects.create(
        plan=plan,
        held_on=dt.date(2026, 2, 2),
        attendees="Fictional: school, provider, parent",
        decision=Review.Decision.CONTINUE,
        recorded_by=staff,
    )
    Visit.objects.create(
        placement=placement,
        visited_on=dt.date(2026, 2, 10),  # the half term before this one
        visitor_name="Fictional Visitor",
        recorded_by=staff,
        pupil_seen=True,
        register_agrees=True,
        safeguarding_known=True,
        work_seen=True,
        targets_discussed=True,
        health_and_safety=True,
    )
    return placement
