"""Display logic for the attendance support plan pages (no queries except where a function says
so): the table of weeks, the figures against baseline and target, the AP attendance over the
same weeks, and the rows of the list of active plans."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.attendance.measures import Measures, Period, measure, one_a_session
from inclusion.attendance.selectors.measures import Loaded
from inclusion.calendar.days import SchoolCalendar
from inclusion.offers import progress
from inclusion.offers.models import AttendanceSupportPlan, SupportIntervention, WeeklyCheckIn
from inclusion.offers.selectors import plan_of_referral
from inclusion.offers.services import refusal_for
from inclusion.referrals.models import Purpose, Referral

NO_POSSIBLE = "No possible sessions"


def percent_text(value: Decimal | None) -> str:
    return NO_POSSIBLE if value is None else f"{value}%"


def as_weeks(check_ins: Sequence[WeeklyCheckIn]) -> list[progress.Week]:
    return [progress.Week(c.week_of, c.sessions_possible, c.sessions_attended) for c in check_ins]


# AP attendance over the plan's weeks ----------------------------------------------------------


@dataclass(frozen=True)
class ApAttendance:
    """The pupil's attendance at alternative provision since the plan started, and each week."""

    overall: Measures
    weekly: dict[dt.date, Measures]

    @property
    def percentage(self) -> str:
        return percent_text(self.overall.percentage)

    def week_text(self, week_of: dt.date) -> str:
        figures = self.weekly.get(week_of)
        if figures is None or figures.possible == 0:
            return "No AP sessions"
        return f"{figures.percentage}% ({figures.attended} of {figures.possible})"


def ap_attendance(
    loaded: Loaded | None, *, start: dt.date, today: dt.date, weeks: Sequence[dt.date]
) -> ApAttendance | None:
    """The AP figures, or ``None`` when the pupil has no placement with a mark since the start."""
    if loaded is None or not any(r.code is not None for r in loaded.records):
        return None
    records = one_a_session(loaded.records)
    overall = measure(records, loaded.codes, Period(start, today, today))
    weekly = {
        monday: measure(
            records, loaded.codes, Period(max(monday, start), progress.friday_of(monday), today)
        )
        for monday in weeks
    }
    return ApAttendance(overall, weekly)


# The plan page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekRow:
    week_of: dt.date
    check_in: WeeklyCheckIn | None
    weekly: str
    running: str
    standing: progress.Standing | None
    ap: str
    overdue: bool


def week_rows(
    check_ins: Sequence[WeeklyCheckIn],
    *,
    plan: AttendanceSupportPlan,
    missed: Sequence[dt.date],
    overdue: dt.date | None,
    ap: ApAttendance | None,
) -> list[WeekRow]:
    """A row for each week with a check-in (with its running figures) and each school week
    since the start without one, oldest first."""
    by_week = {c.week_of: c for c in check_ins}
    running = {
        r.week_of: r
        for r in progress.running_weeks(
            as_weeks(check_ins), baseline=plan.baseline_percent, target=plan.target_percent
        )
    }
    rows = []
    for week_of in sorted(set(by_week) | set(missed)):
        figures = running.get(week_of)
        rows.append(
            WeekRow(
                week_of=week_of,
                check_in=by_week.get(week_of),
                weekly=percent_text(figures.weekly) if figures else "",
                running=percent_text(figures.running) if figures else "",
                standing=figures.standing if figures else None,
                ap=ap.week_text(week_of) if ap is not None else "",
                overdue=week_of == overdue,
            )
        )
    return rows


@dataclass(frozen=True)
class Progress:
    attended: int
    possible: int
    running: str
    standing: progress.Standing
    weeks: int


def plan_progress(plan: AttendanceSupportPlan, check_ins: Sequence[WeeklyCheckIn]) -> Progress:
    attended, possible = progress.running_total(as_weeks(check_ins))
    value = progress.percent(attended, possible)
    return Progress(
        attended=attended,
        possible=possible,
        running=percent_text(value) if check_ins else "No check-ins yet",
        standing=progress.standing(
            value, baseline=plan.baseline_percent, target=plan.target_percent
        ),
        weeks=len(check_ins),
    )


def intervention_what(intervention: SupportIntervention) -> str:
    if intervention.kind == SupportIntervention.Kind.OTHER:
        return intervention.description
    return intervention.get_kind_display()


def status_tag(plan: AttendanceSupportPlan) -> progress.Standing:
    if plan.is_active:
        return progress.Standing("active", "Active", "govuk-tag--blue")
    return progress.Standing("closed", "Closed", "govuk-tag--grey")


def plan_initial(plan: AttendanceSupportPlan) -> dict[str, object]:
    return {
        "baseline_percent": plan.baseline_percent,
        "baseline_period": plan.baseline_period,
        "target_percent": plan.target_percent,
        "start_date": plan.start_date,
        "review_date": plan.review_date,
        "lead": plan.lead_id,
    }


def new_plan_initial(
    referral: Referral, *, user: User, today: dt.date, review: dt.date
) -> dict[str, object]:
    """Suggestions for a new plan: the attendance on the referral as the baseline, starting
    today, reviewed on ``review``, led by the person setting it up."""
    initial: dict[str, object] = {"start_date": today, "review_date": review, "lead": user.pk}
    if referral.attendance_percent is not None:
        initial["baseline_percent"] = referral.attendance_percent
        initial["baseline_period"] = "This school year, as given on the referral"
    return initial


def intervention_initial(intervention: SupportIntervention) -> dict[str, object]:
    return {
        "kind": intervention.kind,
        "description": intervention.description,
        "who": intervention.who,
        "from_date": intervention.from_date,
        "to_date": intervention.to_date,
    }


# The list of active plans ---------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    plan: AttendanceSupportPlan
    running: str
    standing: progress.Standing
    last_week: dt.date | None
    overdue: dt.date | None
    is_mine: bool


def list_rows(
    plans: Sequence[AttendanceSupportPlan],
    calendars: dict[uuid.UUID, SchoolCalendar],
    *,
    today: dt.date,
    user: User,
) -> list[ListRow]:
    """One row a plan, from its prefetched check-ins and its school's calendar (no queries)."""
    last_complete: dict[uuid.UUID, dt.date | None] = {}
    rows = []
    for plan in plans:
        la = plan.referral.school.local_authority_id
        if la not in last_complete:
            last_complete[la] = progress.last_complete_school_week(calendars[la], today)
        check_ins = list(plan.check_ins.all())
        figures = plan_progress(plan, check_ins)
        rows.append(
            ListRow(
                plan=plan,
                running=figures.running,
                standing=figures.standing,
                last_week=check_ins[-1].week_of if check_ins else None,
                overdue=progress.overdue_week(
                    last_complete=last_complete[la],
                    start=plan.start_date,
                    recorded=(c.week_of for c in check_ins),
                ),
                is_mine=plan.lead_id == user.pk,
            )
        )
    return rows


@dataclass(frozen=True)
class LeadSummary:
    led: int
    overdue: int
    overdue_total: int


def lead_summary(rows: Sequence[ListRow]) -> LeadSummary:
    return LeadSummary(
        led=sum(1 for r in rows if r.is_mine),
        overdue=sum(1 for r in rows if r.is_mine and r.overdue is not None),
        overdue_total=sum(1 for r in rows if r.overdue is not None),
    )


# The link on the referral's case page ---------------------------------------------------------


@dataclass(frozen=True)
class PlanLink:
    label: str
    url: str


def referral_plan_link(referral: Referral, membership: Membership | None) -> PlanLink | None:
    """The "Set up an attendance support plan" link (or "View …" when there is one) on the case
    page of an Attendance Offer referral; one query, and only for such a referral."""
    if referral.purpose != Purpose.ATTENDANCE_OFFER or membership is None:
        return None
    plan = plan_of_referral(referral)
    if plan is not None:
        if not can(membership, "offers.view_plan"):
            return None
        return PlanLink(
            "View the attendance support plan", reverse("offers:detail", args=[plan.pk])
        )
    if can(membership, "offers.change_plan") and refusal_for(referral) is None:
        return PlanLink(
            "Set up an attendance support plan", reverse("offers:create", args=[referral.pk])
        )
    return None
