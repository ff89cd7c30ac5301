"""Display logic for Fair Access pages: the clock's tag, the case list's rows, the checklist and
the values a draft e-mail is filled with."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

from inclusion.calendar.days import CalendarMissingError, SchoolCalendar
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.fairaccess.clocks import AllocationClock, allocation_clock
from inclusion.fairaccess.emails import DEFAULTS, Draft, fill
from inclusion.fairaccess.models import (
    ClosureReason,
    EmailTemplate,
    FairAccessCase,
    Status,
    Step,
)


@dataclass(frozen=True)
class ClockView:
    clock: AllocationClock | None
    problem: str = ""  # why there is no clock (no term dates), fit to show
    closed: bool = False  # a closed case is off the clock

    @property
    def due_on(self) -> dt.date | None:
        return self.clock.due_on if self.clock else None

    @property
    def tag(self) -> tuple[str, str] | None:
        """(label, CSS class) of the status tag, if any."""
        if self.closed:
            return "Closed", "govuk-tag--grey"
        clock = self.clock
        if clock is None:
            return None
        if clock.overdue:
            return "Overdue", "govuk-tag--red"
        if clock.late:
            return "Allocated late", "govuk-tag--orange"
        if clock.allocated:
            return "Allocated in time", "govuk-tag--green"
        if clock.school_days_left <= 5:
            return f"{clock.school_days_left} school days left", "govuk-tag--yellow"
        return None


def clock_view(
    case: FairAccessCase, calendars: dict[uuid.UUID, SchoolCalendar], today: dt.date
) -> ClockView:
    if case.status == Status.CLOSED:
        return ClockView(None, closed=True)
    calendar = calendars[case.partnership.local_authority_id]
    try:
        clock = allocation_clock(
            calendar,
            decided_on=case.protocol_decided_on,
            allocated_on=case.allocated_on,
            today=today,
        )
    except CalendarMissingError as error:
        return ClockView(None, str(error))
    return ClockView(clock)


@dataclass(frozen=True)
class CaseRow:
    case: FairAccessCase
    clock: ClockView


def case_rows(
    cases: Iterable[FairAccessCase], calendars: dict[uuid.UUID, SchoolCalendar], today: dt.date
) -> list[CaseRow]:
    """Overdue cases first, closed cases last, the rest in between in the order given."""
    rows = [CaseRow(case, clock_view(case, calendars, today)) for case in cases]

    def rank(row: CaseRow) -> int:
        if row.clock.closed:
            return 2
        return 0 if row.clock.clock and row.clock.clock.overdue else 1

    return sorted(rows, key=rank)


@dataclass(frozen=True)
class StepRow:
    step: str
    label: str
    done: bool
    summary: str
    action_label: str
    action_url: str
    draft_url: str


def checklist(case: FairAccessCase, attempts: int, *, manages: bool) -> list[StepRow]:
    """The steps of the case in order, each done or not, with the page that does it (for
    those who manage cases) and its draft e-mail. A closed case is read-only: no actions."""
    pk = {"pk": case.pk}
    manages = manages and case.status != Status.CLOSED

    def url(name: str) -> str:
        return reverse(f"fairaccess:{name}", kwargs=pk) if manages else ""

    panel = case.panel
    school = case.allocated_school
    steps = [
        (Step.INTAKE, True, f"Opened on {govuk_date(case.created_at)}", "", ""),
        (Step.EVIDENCE, bool(case.category_evidence), case.get_category_display(), "", ""),
        (
            Step.ATTEMPTS,
            attempts > 0,
            f"{attempts} recorded" if attempts else "None recorded yet",
            "Record an in-year application",
            url("attempt_add"),
        ),
        (
            Step.PANEL,
            panel is not None,
            f"Panel on {govuk_date(panel.meets_on)}" if panel else "Not yet on an agenda",
            "Put on a panel agenda" if case.status in (Status.OPEN, Status.AT_PANEL) else "",
            url("panel") if case.status in (Status.OPEN, Status.AT_PANEL) else "",
        ),
        (
            Step.DECISION,
            school is not None,
            f"{school.name}, {govuk_date(case.allocated_on)}" if school else "Not yet decided",
            "Record the decision" if case.status == Status.AT_PANEL else "",
            url("decide") if case.status == Status.AT_PANEL else "",
        ),
        (
            Step.OFFER,
            case.offered_on is not None,
            govuk_date(case.offered_on) if case.offered_on else "Not yet offered",
            "Record the offer and start" if school and not case.starts_on else "",
            url("offer") if school and not case.starts_on else "",
        ),
        (
            Step.START,
            case.starts_on is not None,
            govuk_date(case.starts_on) if case.starts_on else "Not yet started",
            "",
            "",
        ),
    ]
    return [
        StepRow(
            step=step.value,
            label=step.label,
            done=done,
            summary=summary,
            action_label=action if action_url else "",
            action_url=action_url,
            draft_url=reverse("fairaccess:draft", kwargs={"pk": case.pk, "step": step.value}),
        )
        for step, done, summary, action, action_url in steps
    ]


def draft_values(case: FairAccessCase, clock: ClockView) -> dict[str, str]:
    """The values a draft e-mail is filled with; a missing one reads as "[not yet known]"."""
    unknown = "[not yet known]"

    def day(value: dt.date | None) -> str:
        return govuk_date(value) if value else unknown

    return {
        "reference": case.reference,
        "child_name": case.child_name,
        "date_of_birth": day(case.date_of_birth),
        "year_group": f"Year {case.nc_year}",
        "category": case.get_category_display(),
        "partnership": case.partnership.name,
        "panel_date": day(case.panel.meets_on if case.panel else None),
        "allocated_school": case.allocated_school.name if case.allocated_school else unknown,
        "due_date": day(clock.due_on),
        "offer_date": day(case.offered_on),
        "start_date": day(case.starts_on),
    }


def template_for(step: str, own: dict[str, EmailTemplate]) -> Draft:
    """The partnership's wording of a step's e-mail, or the default."""
    if step in own:
        return Draft(own[step].subject, own[step].body)
    return DEFAULTS[step]


def draft(step: str, own: dict[str, EmailTemplate], values: dict[str, str]) -> Draft:
    template = template_for(step, own)
    return Draft(fill(template.subject, values), fill(template.body, values))


def closure_reason(case: FairAccessCase) -> str:
    """Why the case was closed, in words (the other reason's own text when "another")."""
    if case.closure_reason == ClosureReason.OTHER:
        return case.closure_other
    return case.get_closure_reason_display()


def distance_label(miles: float | None) -> str:
    return "Not known" if miles is None else f"{miles:.1f} miles"
