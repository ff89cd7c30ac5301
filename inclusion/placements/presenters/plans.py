"""How education plans read: the progress scale, decisions, and whether a review is overdue or
due soon (with a word when the school calendar could not count the date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from inclusion.placements.models import (
    EducationPlan,
    Placement,
    Review,
    Target,
    TargetProgress,
)
from inclusion.placements.selectors.plans import DueHorizon, ReviewDate

PROGRESS_SCALE: dict[int, str] = {
    1: "No progress",
    2: "Some progress",
    3: "Expected progress",
    4: "Good progress",
    5: "Achieved",
}
PROGRESS_TAG: dict[int, str] = {
    1: "govuk-tag--red",
    2: "govuk-tag--orange",
    3: "govuk-tag--blue",
    4: "govuk-tag--turquoise",
    5: "govuk-tag--green",
}
KEPT_TARGET = (
    "This target has progress recorded at a review, so it stays on the plan. "
    "Change it, or set a new target, instead"
)
DEFAULT_REVIEW_WEEKS: int = EducationPlan._meta.get_field("review_every_weeks").default
OVERDUE = "Overdue"
DECISION_TAG: dict[str, str] = {
    Review.Decision.CONTINUE: "govuk-tag--green",
    Review.Decision.CHANGE: "govuk-tag--yellow",
    Review.Decision.END: "govuk-tag--grey",
    Review.Decision.RETURN: "govuk-tag--blue",
}


@dataclass(frozen=True)
class Tag:
    label: str
    css: str


def progress_tag(score: int) -> Tag:
    return Tag(f"{PROGRESS_SCALE[score]} ({score} of 5)", PROGRESS_TAG[score])


def decision_tag(decision: str) -> Tag:
    return Tag(Review.Decision(decision).label, DECISION_TAG[decision])


def review_status(next_review_on: dt.date | None, *, today: dt.date, horizon: DueHorizon) -> Tag:
    """Overdue (before today), due soon (within the next ten school days) or scheduled."""
    if next_review_on is None:
        return Tag("Not set", "govuk-tag--grey")
    if next_review_on < today:
        return Tag(OVERDUE, "govuk-tag--red")
    if next_review_on <= horizon.until:
        return Tag("Due soon", "govuk-tag--yellow")
    return Tag("Scheduled", "govuk-tag--blue")


def weeks_phrase(weeks: int) -> str:
    return f"{weeks} school week{'s' if weeks != 1 else ''}"


def calendar_note(date: ReviewDate, *, weeks: int, after: dt.date) -> str:
    """What to tell the reader when the school calendar could not count the date ("" if it did)."""
    if date.from_calendar:
        return ""
    return (
        f"The school calendar has no term dates for that time yet, so this date is {weeks} "
        f"week{'s' if weeks != 1 else ''} of calendar days after {after:%-d %B %Y}, holidays "
        "included. Check it against the school's term dates."
    )


@dataclass(frozen=True)
class TargetRow:
    number: int
    target: Target
    latest: Tag | None
    removable: bool


def target_rows(plan: EducationPlan) -> list[TargetRow]:
    """The plan's targets (prefetched with their progress, latest review first)."""
    rows = []
    for number, target in enumerate(plan.targets.all(), start=1):
        progress: list[TargetProgress] = list(target.progress.all())
        latest = progress_tag(progress[0].score) if progress else None
        rows.append(TargetRow(number, target, latest, removable=not progress))
    return rows


@dataclass(frozen=True)
class ProgressRow:
    number: int
    progress: TargetProgress
    tag: Tag


def progress_rows(review: Review) -> list[ProgressRow]:
    return [
        ProgressRow(number, item, progress_tag(item.score))
        for number, item in enumerate(review.progress.all(), start=1)
    ]


def asks_to_end(review: Review, placement: Placement) -> bool:
    """Whether the review decided to end the placement (or return the pupil to school) while
    the placement is still open: ending it is done on the placement's page."""
    ending = review.decision in (Review.Decision.END, Review.Decision.RETURN)
    return ending and placement.status != Placement.Status.ENDED


def reviews_of(plan: EducationPlan) -> list[tuple[Review, Tag]]:
    """The plan's reviews (prefetched), latest first, each with its decision's tag."""
    return [(review, decision_tag(review.decision)) for review in plan.reviews.all()]


def latest_review_on(plan: EducationPlan) -> dt.date | None:
    return max((review.held_on for review in plan.reviews.all()), default=None)


@dataclass(frozen=True)
class DueRow:
    plan: EducationPlan
    status: Tag


def due_rows(plans: list[EducationPlan], *, today: dt.date, horizon: DueHorizon) -> list[DueRow]:
    return [
        DueRow(plan, review_status(plan.next_review_on, today=today, horizon=horizon))
        for plan in plans
    ]


@dataclass(frozen=True)
class DueSummary:
    overdue: int
    due_soon: int


def due_summary(rows: list[DueRow]) -> DueSummary:
    overdue = sum(1 for row in rows if row.status.label == OVERDUE)
    return DueSummary(overdue, len(rows) - overdue)


def plan_initial(plan: EducationPlan | None) -> dict[str, Any]:
    if plan is None:
        return {"review_every_weeks": DEFAULT_REVIEW_WEEKS}
    return {
        "baseline_attainment": plan.baseline_attainment,
        "baseline_attendance": plan.baseline_attendance,
        "baseline_behaviour": plan.baseline_behaviour,
        "baseline_wellbeing": plan.baseline_wellbeing,
        "review_every_weeks": plan.review_every_weeks,
    }


def target_initial(target: Target) -> dict[str, Any]:
    return {"description": target.description, "measure": target.measure, "due_on": target.due_on}
