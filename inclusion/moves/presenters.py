"""Display of moves and directions: status tags, the review picture and the list rows (no
queries: everything used is selected or prefetched by the selectors)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from inclusion.calendar.days import CalendarMissingError, SchoolCalendar
from inclusion.moves import clocks
from inclusion.moves.models import ManagedMove, OffsiteDirection, ReviewRequest
from inclusion.placements.services.placements import DUAL_ROLL


@dataclass(frozen=True)
class Tag:
    label: str
    css: str


MOVE_TAGS = {
    ManagedMove.Outcome.AGREED: Tag("Agreed", "govuk-tag--blue"),
    ManagedMove.Outcome.COMPLETED: Tag("Completed", "govuk-tag--green"),
    ManagedMove.Outcome.DID_NOT_GO_AHEAD: Tag("Did not go ahead", "govuk-tag--grey"),
}


def move_tag(move: ManagedMove) -> Tag:
    return MOVE_TAGS[ManagedMove.Outcome(move.outcome)]


def day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def dual_registered(direction: OffsiteDirection) -> bool:
    """A direction to a school, PRU or AP academy, or a registered independent school: the pupil
    is dual registered there and the directing school records D. Other settings keep no register
    of their own: the school records B (approved educational activity)."""
    if direction.setting_school_id is not None:
        return True
    provider = direction.setting_provider
    return provider is not None and provider.registration in DUAL_ROLL


def register_code(direction: OffsiteDirection) -> str:
    return "D" if dual_registered(direction) else "B"


def outstanding_request(direction: OffsiteDirection) -> ReviewRequest | None:
    """The earliest request that must be honoured and has had no review since (prefetched)."""
    held = [review.held_on for review in direction.reviews.all()]
    for request in sorted(direction.review_requests.all(), key=lambda r: r.requested_on):
        if request.must_hold and not any(h >= request.requested_on for h in held):
            return request
    return None


def direction_tag(direction: OffsiteDirection, today: dt.date) -> Tag:
    if not direction.in_force:
        return Tag(direction.get_outcome_display(), "govuk-tag--grey")
    if outstanding_request(direction) is not None:
        return Tag("Review requested", "govuk-tag--red")
    if clocks.review_overdue(direction.next_review_on, today):
        return Tag("Review overdue", "govuk-tag--red")
    if direction.next_review_on is not None and direction.next_review_on <= today + dt.timedelta(
        days=14
    ):
        return Tag("Review due", "govuk-tag--yellow")
    return Tag("In force", "govuk-tag--blue")


def request_explanation(request: ReviewRequest) -> str:
    """What the request means, with the date that decides it (SI 2010/1156)."""
    if request.must_hold or request.recent_review_on is None:
        since = request.requested_on - dt.timedelta(weeks=clocks.REVIEW_REQUEST_WEEKS)
        return (
            f"The review must be held: no review was held in the 10 weeks before the request "
            f"(since {day(since)})."
        )
    return (
        f"The governing board need not hold a review: one was held on "
        f"{day(request.recent_review_on)}, in the 10 weeks before the request."
    )


@dataclass(frozen=True)
class DirectionClock:
    earliest_start: dt.date | None
    last_day: dt.date | None
    message: str
    # The day a posted notice is deemed given (the 2nd working day after posting); else None.
    deemed_given: dt.date | None = None


def direction_clock(calendar: SchoolCalendar, direction: OffsiteDirection) -> DirectionClock:
    posted = direction.notice_posted
    deemed = clocks.notice_deemed_given(direction.notice_given_on, posted=True) if posted else None
    try:
        return DirectionClock(
            earliest_start=clocks.earliest_start(
                calendar, direction.notice_given_on, posted=posted
            ),
            last_day=clocks.last_day(calendar, direction.starts_on, direction.days),
            message="",
            deemed_given=deemed,
        )
    except CalendarMissingError as error:
        return DirectionClock(None, None, str(error), deemed)


@dataclass(frozen=True)
class DirectionRow:
    direction: OffsiteDirection
    tag: Tag
    overdue: bool
    code: str


def direction_rows(directions: list[OffsiteDirection], today: dt.date) -> list[DirectionRow]:
    return [
        DirectionRow(
            direction=d,
            tag=direction_tag(d, today),
            overdue=d.in_force
            and (
                clocks.review_overdue(d.next_review_on, today) or outstanding_request(d) is not None
            ),
            code=register_code(d),
        )
        for d in directions
    ]


@dataclass(frozen=True)
class RegisterRow:
    pupil: str
    upn: str
    setting: str
    starts_on: dt.date
    ended_on: dt.date | None
    code: str
    url_pk: object


def register_rows(directions: list[OffsiteDirection]) -> list[RegisterRow]:
    """For the school's register page: each pupil on an off-site direction and the code."""
    return [
        RegisterRow(
            pupil=d.pupil.display_name,
            upn=d.pupil.upn,
            setting=d.setting_name,
            starts_on=d.starts_on,
            ended_on=d.outcome_on,
            code=register_code(d),
            url_pk=d.pk,
        )
        for d in directions
    ]
