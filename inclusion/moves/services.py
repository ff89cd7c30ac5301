"""Writes of managed moves and off-site directions: atomic, audited with field names only.

Completing a managed move puts the pupil on the new school's roll through
``pupils.services.pupil_change_school`` (audited there) and ends the pupil's off-site
directions still in force, in the same transaction. Notifications name no pupil: the
receiving school is told that a move or a direction concerns it, with a link it may open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction
from django.urls import reverse

from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.calendar.days import CalendarMissingError, SchoolCalendar
from inclusion.core.submit import RefusedError
from inclusion.moves import clocks
from inclusion.moves.models import DirectionReview, ManagedMove, OffsiteDirection, ReviewRequest
from inclusion.notifications.services import notify_school
from inclusion.organisations.models import School
from inclusion.providers.models import Provider
from inclusion.pupils.models import Pupil
from inclusion.pupils.services import pupil_change_school


class MoveError(RefusedError):
    """A move or a direction that the rules refuse; the message is fit to show."""


# Managed moves ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MoveDetails:
    to_school: School
    agreed_on: dt.date
    agreed_by: str
    starts_on: dt.date
    trial: bool = False


def check_trial(agreed_on: dt.date, trial: bool) -> None:
    if trial and not clocks.trial_allowed(agreed_on):
        raise MoveError(
            "A managed move agreed on or after 26 July 2026 cannot be a trial: record a trial "
            "arrangement as an off-site direction"
        )


def _audit(
    actor: User, membership: Membership, verb: str, target: object, pupil: Pupil, changes: list[str]
) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=verb,
        target=target,  # type: ignore[arg-type]
        pupil_id=pupil.pk,
        changes=changes,
    )


def _filled(values: dict[str, object]) -> list[str]:
    return [name for name, value in values.items() if value not in ("", None, False)]


@transaction.atomic
def move_record(
    *,
    actor: User,
    membership: Membership,
    pupil: Pupil,
    details: MoveDetails,
    direction: OffsiteDirection | None = None,
) -> ManagedMove:
    """Record a managed move agreed for a pupil from their school to another."""
    check_trial(details.agreed_on, details.trial)
    if details.to_school.pk == pupil.school_id:
        raise MoveError("Select a school other than the pupil's own")
    fields = asdict(details) | {"agreed_by": details.agreed_by.strip()}
    move = ManagedMove.objects.create(
        pupil=pupil,
        from_school=pupil.school,
        recorded_by=actor,
        direction=direction,
        **fields,
    )
    _audit(actor, membership, AuditEvent.Verb.CREATE, move, pupil, _filled(fields))
    _tell_school(details.to_school, "A managed move to your school has been recorded", move)
    return move


@transaction.atomic
def move_outcome(
    *,
    actor: User,
    membership: Membership,
    move: ManagedMove,
    outcome: str,
    outcome_on: dt.date,
) -> bool:
    """Record whether the move was completed or did not go ahead. On completion the pupil goes
    onto the new school's roll (audited). Returns whether the roll changed."""
    if move.outcome != ManagedMove.Outcome.AGREED:
        raise MoveError("The outcome of this managed move has already been recorded")
    if outcome not in (ManagedMove.Outcome.COMPLETED, ManagedMove.Outcome.DID_NOT_GO_AHEAD):
        raise MoveError("Select whether the move was completed or did not go ahead")
    if outcome_on < move.agreed_on:
        raise MoveError("The date of the outcome must be on or after the date the move was agreed")
    pupil = move.pupil
    completed = outcome == ManagedMove.Outcome.COMPLETED
    if completed and pupil.school_id != move.from_school_id:
        raise MoveError("The pupil is no longer on the roll of the school they are moving from")
    move.outcome, move.outcome_on = outcome, outcome_on
    changed = ["outcome", "outcome_on"]
    ended = _end_directions(actor=actor, membership=membership, move=move) if completed else []
    if ended and move.direction_id is None:
        move.direction = ended[0]  # the latest: the move followed it
        changed.append("direction")
    move.save(update_fields=[*changed, "updated_at"])
    _audit(actor, membership, AuditEvent.Verb.UPDATE, move, pupil, changed)
    if not completed:
        return False
    return pupil_change_school(
        actor=actor, membership=membership, pupil=pupil, school=move.to_school
    )


def _end_directions(
    *, actor: User, membership: Membership, move: ManagedMove
) -> list[OffsiteDirection]:
    """A completed managed move ends every off-site direction of the pupil still in force: the
    pupil has moved permanently, on the day the move was completed (audited, in the caller's
    transaction). Latest first. A setting school other than the new one is told it has ended."""
    ended = list(
        # Only the directions' own rows: PostgreSQL refuses FOR UPDATE across a nullable join.
        OffsiteDirection.objects.select_for_update(of=("self",))
        .select_related("setting_school")
        .filter(pupil_id=move.pupil_id, outcome=OffsiteDirection.Outcome.IN_FORCE)
        .order_by("-starts_on", "-created_at")
    )
    for direction in ended:
        direction.outcome = OffsiteDirection.Outcome.MOVED
        direction.outcome_on = move.outcome_on
        direction.outcome_note = (
            f"Ended when the managed move to {move.to_school.name} was completed"
        )
        direction.next_review_on = None
        fields = ["outcome", "outcome_on", "outcome_note", "next_review_on"]
        direction.save(update_fields=[*fields, "updated_at"])
        _audit(actor, membership, AuditEvent.Verb.UPDATE, direction, move.pupil, fields)
        setting = direction.setting_school
        if setting is not None and setting.pk != move.to_school_id:
            _tell_school(
                setting,
                "An off-site direction to your school has ended: the pupil moved permanently "
                "to another school",
                direction,
            )
    return ended


def move_viewed(*, actor: User, membership: Membership, move: ManagedMove) -> None:
    _audit(actor, membership, AuditEvent.Verb.VIEW, move, move.pupil, [])


# Off-site directions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectionDetails:
    setting_school: School | None
    setting_provider: Provider | None
    notice_given_on: dt.date
    starts_on: dt.date
    days: int
    address: str
    contact: str
    objectives: str
    times: str
    review_every_weeks: int
    notice_method: str = OffsiteDirection.NoticeMethod.BY_HAND


def check_notice(
    calendar: SchoolCalendar, notice_given_on: dt.date, starts_on: dt.date, *, posted: bool = False
) -> None:
    """Refuse a start less than 2 school days after the written notice (SI 2010/1156), counted
    from the day a posted notice is deemed given (the 2nd working day after posting)."""
    try:
        earliest = clocks.earliest_start(calendar, notice_given_on, posted=posted)
    except CalendarMissingError as error:
        raise MoveError(str(error)) from None
    if starts_on < earliest:
        if posted:
            deemed = clocks.notice_deemed_given(notice_given_on, posted=True)
            given = (
                f"notice posted on {_day(notice_given_on)} (deemed given on {_day(deemed)}, the "
                "2nd working day after posting)"
            )
        else:
            given = f"notice given on {_day(notice_given_on)}"
        raise MoveError(
            "The first day must be at least 2 school days after the written notice: with "
            f"{given}, the earliest first day is {_day(earliest)}"
        )


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _next_review(calendar: SchoolCalendar, basis: dt.date, weeks: int) -> dt.date | None:
    try:
        return clocks.next_review_on(calendar, basis, weeks)
    except CalendarMissingError:
        return None


@transaction.atomic
def direction_give(
    *,
    actor: User,
    membership: Membership,
    pupil: Pupil,
    details: DirectionDetails,
    calendar: SchoolCalendar,
) -> OffsiteDirection:
    """Record an off-site direction of a pupil to another school or a provider."""
    if (details.setting_school is None) == (details.setting_provider is None):
        raise MoveError("Select another school or an alternative provider, not both")
    if details.setting_school is not None and details.setting_school.pk == pupil.school_id:
        raise MoveError("Select a school other than the pupil's own")
    if details.notice_method not in OffsiteDirection.NoticeMethod.values:
        raise MoveError("Select how the written notice was given")
    posted = details.notice_method == OffsiteDirection.NoticeMethod.POST
    check_notice(calendar, details.notice_given_on, details.starts_on, posted=posted)
    fields = asdict(details)
    for name in ("address", "contact", "objectives", "times"):
        fields[name] = fields[name].strip()
    direction = OffsiteDirection.objects.create(
        pupil=pupil,
        school=pupil.school,
        recorded_by=actor,
        next_review_on=_next_review(calendar, details.starts_on, details.review_every_weeks),
        **fields,
    )
    _audit(actor, membership, AuditEvent.Verb.CREATE, direction, pupil, _filled(fields))
    if details.setting_school is not None:
        _tell_school(
            details.setting_school, "A pupil has been directed to your school off-site", direction
        )
    return direction


@dataclass(frozen=True)
class ReviewDetails:
    held_on: dt.date
    notes: str


@transaction.atomic
def direction_review(
    *,
    actor: User,
    membership: Membership,
    direction: OffsiteDirection,
    details: ReviewDetails,
    calendar: SchoolCalendar,
) -> DirectionReview:
    """Record a review; the next is due ``review_every_weeks`` school weeks after the latest."""
    if not direction.in_force:
        raise MoveError("A review can be recorded only while the direction is in force")
    if details.held_on < direction.starts_on:
        raise MoveError("The date of the review must be on or after the direction's first day")
    review = DirectionReview.objects.create(
        direction=direction,
        held_on=details.held_on,
        notes=details.notes.strip(),
        recorded_by=actor,
    )
    latest = max(direction.reviews.values_list("held_on", flat=True))
    direction.next_review_on = _next_review(calendar, latest, direction.review_every_weeks)
    direction.save(update_fields=["next_review_on", "updated_at"])
    _audit(actor, membership, AuditEvent.Verb.CREATE, review, direction.pupil, ["held_on", "notes"])
    return review


@transaction.atomic
def review_request_record(
    *,
    actor: User,
    membership: Membership,
    direction: OffsiteDirection,
    requested_on: dt.date,
    requested_by: str,
) -> ReviewRequest:
    """Record a request for a review and what it means: it must be held unless a review was held
    in the 10 weeks before it (SI 2010/1156). Only the LA of a pupil with an EHC plan may ask."""
    if not direction.in_force:
        raise MoveError("A review can be asked for only while the direction is in force")
    if requested_by == ReviewRequest.By.LOCAL_AUTHORITY and not direction.pupil.has_ehc_plan:
        raise MoveError(
            "Select a parent: the local authority may ask for a review only for a pupil with an "
            "EHC plan"
        )
    held = list(direction.reviews.values_list("held_on", flat=True))
    decision = clocks.review_request_decision(requested_on, held)
    request = ReviewRequest.objects.create(
        direction=direction,
        requested_on=requested_on,
        requested_by=requested_by,
        must_hold=decision.must_hold,
        recent_review_on=decision.recent_review_on,
        recorded_by=actor,
    )
    _audit(
        actor,
        membership,
        AuditEvent.Verb.CREATE,
        request,
        direction.pupil,
        ["requested_on", "requested_by", "must_hold"],
    )
    return request


@dataclass(frozen=True)
class OutcomeDetails:
    outcome: str
    outcome_on: dt.date
    note: str = ""
    # For "moved permanently": the move that follows.
    agreed_by: str = ""
    new_school_starts_on: dt.date | None = None


@transaction.atomic
def direction_outcome(
    *,
    actor: User,
    membership: Membership,
    direction: OffsiteDirection,
    details: OutcomeDetails,
) -> ManagedMove | None:
    """End the direction. "Moved permanently" records a completed managed move to the setting
    school and puts the pupil on its roll; it returns that move."""
    if not direction.in_force:
        raise MoveError("The outcome of this direction has already been recorded")
    if details.outcome not in {o.value for o in OffsiteDirection.Outcome} - {"in_force"}:
        raise MoveError("Select the outcome of the direction")
    if details.outcome_on < direction.starts_on:
        raise MoveError("The date of the outcome must be on or after the direction's first day")
    moving = details.outcome == OffsiteDirection.Outcome.MOVED
    if moving and direction.setting_school is None:
        raise MoveError(
            "A pupil can move permanently only to a school: select another outcome, or record "
            "a managed move to a school"
        )
    direction.outcome, direction.outcome_on = details.outcome, details.outcome_on
    direction.outcome_note = details.note.strip()
    direction.next_review_on = None
    direction.save(
        update_fields=["outcome", "outcome_on", "outcome_note", "next_review_on", "updated_at"]
    )
    changed = ["outcome", "outcome_on", "next_review_on"] + (
        ["outcome_note"] if details.note else []
    )
    _audit(actor, membership, AuditEvent.Verb.UPDATE, direction, direction.pupil, changed)
    if not moving or direction.setting_school is None:
        return None
    move = move_record(
        actor=actor,
        membership=membership,
        pupil=direction.pupil,
        details=MoveDetails(
            to_school=direction.setting_school,
            agreed_on=details.outcome_on,
            agreed_by=details.agreed_by,
            starts_on=details.new_school_starts_on or details.outcome_on,
        ),
        direction=direction,
    )
    move_outcome(
        actor=actor,
        membership=membership,
        move=move,
        outcome=ManagedMove.Outcome.COMPLETED,
        outcome_on=details.outcome_on,
    )
    return move


def direction_viewed(*, actor: User, membership: Membership, direction: OffsiteDirection) -> None:
    _audit(actor, membership, AuditEvent.Verb.VIEW, direction, direction.pupil, [])


def _tell_school(school: School, message: str, record: ManagedMove | OffsiteDirection) -> None:
    """Tell the receiving school's staff, with no personal data in the message."""
    name = "moves:move_detail" if isinstance(record, ManagedMove) else "moves:direction_detail"
    notify_school(school_id=school.pk, message=message, url=reverse(name, kwargs={"pk": record.pk}))
