"""Writes to a pupil's Standard Risk Assessment, and the rules every version must keep.

A version is a draft until the school (or the co-ordinator) completes it; the co-ordinator of
the pupil's partnership then signs it off and it is read-only for good. Reviewing the latest
signed version starts the next version with its hazards copied; earlier versions are kept.
Only one version of a pupil's assessment is open (unsigned) at a time, and it is always the
newest.

The rating bands are defined here, once: likelihood times severity (each 1 to 5) gives a
score of 1 to 25, banded low, medium or high.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, Role, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.notifications.services import notify_partnership, notify_school
from inclusion.placements.models import Hazard, RiskAssessment, RiskHazard
from inclusion.pupils.models import Pupil

Rating = RiskAssessment.Rating

COMPLETE_RULE = "placements.complete_risk_assessment"
SIGN_OFF_RULE = "placements.sign_off_risk_assessment"
REVIEW_WITHIN_MONTHS = 6
HAZARD_FIELDS = ("likelihood", "severity", "controls", "owner")


# --- Rating bands -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    rating: Rating
    lowest: int
    highest: int


# Scores of 13 and 14 cannot occur (no product of two numbers from 1 to 5 gives them).
BANDS: tuple[Band, ...] = (
    Band(Rating.LOW, 1, 4),
    Band(Rating.MEDIUM, 5, 12),
    Band(Rating.HIGH, 15, 25),
)
_RANK = {band.rating: rank for rank, band in enumerate(BANDS)}


def band_for(score: int) -> Rating:
    """The band of a score (likelihood times severity)."""
    for band in BANDS:
        if band.lowest <= score <= band.highest:
            return band.rating
    raise ValueError(f"{score} is not a possible risk score")


def highest_band(scores: Iterable[int]) -> Rating | None:
    """The highest band among the scores; ``None`` when nothing has been scored."""
    bands = [band_for(score) for score in scores]
    return max(bands, key=lambda rating: _RANK[rating]) if bands else None


def lower_than(rating: str, floor: Rating | None) -> bool:
    """Whether an overall rating is lower than the highest hazard band."""
    return floor is not None and _RANK[Rating(rating)] < _RANK[floor]


def needs_controls(score: int) -> bool:
    """A medium or high rating needs control measures (and their owner)."""
    return band_for(score) != Rating.LOW


# --- Review dates -----------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_review_date(today: dt.date) -> dt.date:
    return _add_months(today, REVIEW_WITHIN_MONTHS)


def review_date_problem(review_on: dt.date, today: dt.date) -> str | None:
    """Why a review date cannot be used, or ``None``."""
    if review_on <= today:
        return "The review date must be in the future"
    if review_on > latest_review_date(today):
        return f"The review date must be no more than {REVIEW_WITHIN_MONTHS} months from today"
    return None


# --- Messages shared by the form and the services -----------------------------------------------


def hazard_label(hazard: str) -> str:
    return str(Hazard(hazard).label)


def controls_missing_message(hazard: str, score: int) -> str:
    rating = band_for(score).label.lower()
    return f"Enter the control measures for “{hazard_label(hazard)}”, which is rated {rating}"


def owner_missing_message(hazard: str) -> str:
    return f"Enter who owns the control measures for “{hazard_label(hazard)}”"


def overall_too_low_message(floor: Rating) -> str:
    return (
        f"The overall rating cannot be lower than the highest hazard rating, {floor.label.lower()}"
    )


# --- Errors -----------------------------------------------------------------------------------


class RiskAssessmentError(Exception):
    """A write refused; ``problems`` are GOV.UK messages to show."""

    def __init__(self, *problems: str) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


class RiskAssessmentNotAllowedError(RiskAssessmentError, PermissionError):
    """The acting membership may not make this change."""


class RiskAssessmentLockedError(RiskAssessmentError):
    """Signed versions are read-only."""


class RiskAssessmentOpenError(RiskAssessmentError):
    """A version is already in progress (``open_version``)."""

    def __init__(self, open_version: RiskAssessment | None) -> None:
        super().__init__("A version of this risk assessment is already in progress")
        self.open_version = open_version


class RiskAssessmentInvalidError(RiskAssessmentError):
    """The details break a rule of the assessment, or it is not ready for the next step."""


# --- Details from the form --------------------------------------------------------------------


@dataclass(frozen=True)
class HazardDetails:
    hazard: str
    likelihood: int
    severity: int
    controls: str = ""
    owner: str = ""

    @property
    def score(self) -> int:
        return self.likelihood * self.severity


@dataclass(frozen=True)
class AssessmentDetails:
    """What a save of the draft holds: only the hazards scored so far."""

    hazards: Sequence[HazardDetails]
    overall_rating: str = ""
    summary: str = ""
    review_on: dt.date | None = None


def hazard_problems(row: HazardDetails | RiskHazard) -> list[str]:
    problems = []
    if needs_controls(row.score) and not row.controls.strip():
        problems.append(controls_missing_message(row.hazard, row.score))
    if row.controls.strip() and not row.owner.strip():
        problems.append(owner_missing_message(row.hazard))
    return problems


def details_problems(details: AssessmentDetails, today: dt.date) -> list[str]:
    """Every rule a saved draft keeps (the form gives the same messages field by field)."""
    problems: list[str] = []
    seen = [row.hazard for row in details.hazards]
    if len(seen) != len(set(seen)) or not set(seen) <= set(Hazard.values):
        problems.append("Each hazard can be scored once")
    for row in details.hazards:
        if not (1 <= row.likelihood <= 5 and 1 <= row.severity <= 5):
            problems.append(f"Select the likelihood and severity for “{hazard_label(row.hazard)}”")
        else:
            problems += hazard_problems(row)
    if problems:
        return problems
    floor = highest_band(row.score for row in details.hazards)
    if details.overall_rating and lower_than(details.overall_rating, floor):
        problems.append(overall_too_low_message(floor))  # type: ignore[arg-type]
    if details.review_on is not None and (problem := review_date_problem(details.review_on, today)):
        problems.append(problem)
    return problems


# --- Writes -----------------------------------------------------------------------------------


def _audit(
    *,
    actor: User,
    membership: Membership,
    verb: str,
    assessment: RiskAssessment,
    changes: Iterable[str] = (),
) -> None:
    audit_record(
        actor=actor,
        membership=membership,
        verb=verb,
        target=assessment,
        pupil_id=assessment.pupil_id,
        changes=changes,
    )


def _url(assessment: RiskAssessment) -> str:
    return reverse("placements:risk_detail", kwargs={"pk": assessment.pk})


def _check_may_complete(membership: Membership) -> None:
    if not can(membership, COMPLETE_RULE):
        raise RiskAssessmentNotAllowedError("Only school staff and co-ordinators can do that")


def _locked(assessment: RiskAssessment) -> RiskAssessment:
    """The assessment as stored now, locked for the rest of the transaction."""
    return (
        RiskAssessment.objects.select_for_update()
        .select_related("pupil__school")
        .get(pk=assessment.pk)
    )


def _newest(pupil: Pupil) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(pupil=pupil).order_by("-version").first()


def _create_version(
    *, actor: User, pupil: Pupil, previous: RiskAssessment | None, **fields: object
) -> RiskAssessment:
    newest = _newest(pupil)
    if newest is not None and newest.signed_off_at is None:
        raise RiskAssessmentOpenError(newest)
    top = RiskAssessment.objects.filter(pupil=pupil).aggregate(top=Max("version"))["top"] or 0
    try:
        with transaction.atomic():
            return RiskAssessment.objects.create(
                pupil=pupil, version=top + 1, previous=previous, created_by=actor, **fields
            )
    except IntegrityError:  # someone started one at the same moment
        raise RiskAssessmentOpenError(_newest(pupil)) from None


@transaction.atomic
def risk_assessment_start(*, actor: User, membership: Membership, pupil: Pupil) -> RiskAssessment:
    """Start a blank version (the first, or the next after the latest signed one)."""
    _check_may_complete(membership)
    previous = _newest(pupil)
    assessment = _create_version(actor=actor, pupil=pupil, previous=previous)
    changes = ["version", "previous"] if previous is not None else ["version"]
    _audit(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        assessment=assessment,
        changes=changes,
    )
    return assessment


def _apply_hazards(assessment: RiskAssessment, rows: Sequence[HazardDetails]) -> bool:
    """Make the stored hazards match ``rows``; whether anything changed."""
    stored = {row.hazard: row for row in assessment.hazards.all()}
    wanted = {row.hazard: row for row in rows}
    changed = False
    for hazard, row in stored.items():
        if hazard not in wanted:
            row.delete()
            changed = True
    for hazard, details in wanted.items():
        values = {name: getattr(details, name) for name in HAZARD_FIELDS}
        existing = stored.get(hazard)
        if existing is None:
            RiskHazard.objects.create(assessment=assessment, hazard=hazard, **values)
            changed = True
        elif any(getattr(existing, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            changed = True
    return changed


@transaction.atomic
def risk_assessment_save(
    *,
    actor: User,
    membership: Membership,
    assessment: RiskAssessment,
    details: AssessmentDetails,
    today: dt.date | None = None,
) -> list[str]:
    """Save the draft as it stands; return the names of the fields that changed (audited).

    Changing a completed version returns it to draft: what is signed off is what was completed.
    """
    _check_may_complete(membership)
    current = _locked(assessment)
    if current.signed_off_at is not None:
        raise RiskAssessmentLockedError("This version has been signed off and cannot be changed")
    if problems := details_problems(details, today or timezone.localdate()):
        raise RiskAssessmentInvalidError(*problems)
    changed = ["hazards"] if _apply_hazards(current, details.hazards) else []
    for name in ("overall_rating", "summary", "review_on"):
        if getattr(current, name) != getattr(details, name):
            setattr(current, name, getattr(details, name))
            changed.append(name)
    if changed and current.completed_at is not None:
        current.completed_at = None
        current.completed_by = None
        changed += ["completed_at", "completed_by"]
    if changed:
        current.save()
        _audit(
            actor=actor,
            membership=membership,
            verb=AuditEvent.Verb.UPDATE,
            assessment=current,
            changes=changed,
        )
    return changed


def completion_problems(assessment: RiskAssessment, today: dt.date) -> list[str]:
    """What stops the version being completed (uses prefetched ``hazards``)."""
    rows = {row.hazard: row for row in assessment.hazards.all()}
    problems = [
        f"Score the likelihood and severity for “{label}”"
        for value, label in Hazard.choices
        if value not in rows
    ]
    for row in rows.values():
        problems += hazard_problems(row)
    floor = highest_band(row.score for row in rows.values())
    if not assessment.overall_rating:
        problems.append("Select the overall rating")
    elif lower_than(assessment.overall_rating, floor):
        problems.append(overall_too_low_message(floor))  # type: ignore[arg-type]
    if assessment.review_on is None:
        problems.append("Enter the review date")
    elif problem := review_date_problem(assessment.review_on, today):
        problems.append(problem)
    return problems


@transaction.atomic
def risk_assessment_complete(
    *,
    actor: User,
    membership: Membership,
    assessment: RiskAssessment,
    today: dt.date | None = None,
) -> RiskAssessment:
    """Mark the draft completed (who and when) once every hazard is scored."""
    _check_may_complete(membership)
    current = _locked(assessment)
    if current.completed_at is not None:
        raise RiskAssessmentInvalidError("This version has already been completed")
    if problems := completion_problems(current, today or timezone.localdate()):
        raise RiskAssessmentInvalidError(*problems)
    current.completed_by = actor
    current.completed_at = timezone.now()
    current.save(update_fields=["completed_by", "completed_at", "updated_at"])
    _audit(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        assessment=current,
        changes=["completed_at", "completed_by"],
    )
    if (partnership_id := current.pupil.school.partnership_id) is not None:
        notify_partnership(
            partnership_id=partnership_id,
            message="A Standard Risk Assessment is ready for sign-off",
            url=_url(current),
        )
    return current


def may_sign_off(membership: Membership, assessment: RiskAssessment) -> bool:
    """Only the co-ordinator of the pupil's partnership agrees an assessment."""
    return (
        can(membership, SIGN_OFF_RULE)
        and membership.role == Role.COORDINATOR
        and membership.partnership_id is not None
        and membership.partnership_id == assessment.pupil.school.partnership_id
    )


def sign_off_problems(assessment: RiskAssessment, today: dt.date) -> list[str]:
    if assessment.signed_off_at is not None:
        return ["This version has already been signed off"]
    if assessment.completed_at is None:
        return ["This version must be completed before it can be signed off"]
    if assessment.review_on is None or assessment.review_on < today:
        return ["The review date has passed: change it and complete the assessment again"]
    return []


@transaction.atomic
def risk_assessment_sign_off(
    *,
    actor: User,
    membership: Membership,
    assessment: RiskAssessment,
    today: dt.date | None = None,
) -> RiskAssessment:
    """The co-ordinator agrees the completed version (who and when). A co-ordinator who
    completed it themselves may sign it off; both are recorded."""
    current = _locked(assessment)
    if not may_sign_off(membership, current):
        raise RiskAssessmentNotAllowedError(
            "Only the co-ordinator of the pupil's partnership can sign off the assessment"
        )
    if problems := sign_off_problems(current, today or timezone.localdate()):
        raise RiskAssessmentInvalidError(*problems)
    current.signed_off_by = actor
    current.signed_off_at = timezone.now()
    current.save(update_fields=["signed_off_by", "signed_off_at", "updated_at"])
    _audit(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        assessment=current,
        changes=["signed_off_at", "signed_off_by"],
    )
    notify_school(
        school_id=current.pupil.school_id,
        message="A Standard Risk Assessment has been signed off",
        url=_url(current),
    )
    return current


def review_problems(assessment: RiskAssessment, newest: RiskAssessment | None) -> list[str]:
    """Only the newest version, once signed off, can be reviewed."""
    if assessment.signed_off_at is None:
        return ["Only a signed-off version can be reviewed"]
    if newest is not None and newest.pk != assessment.pk:
        return [f"Version {newest.version} is newer: review that version instead"]
    return []


@transaction.atomic
def risk_assessment_review(
    *, actor: User, membership: Membership, assessment: RiskAssessment
) -> RiskAssessment:
    """Start the next version with this version's hazards, rating and summary copied (a new
    review date is needed). This version stays as it is."""
    _check_may_complete(membership)
    current = _locked(assessment)
    newest = _newest(current.pupil)
    if newest is not None and newest.signed_off_at is None:
        raise RiskAssessmentOpenError(newest)
    if problems := review_problems(current, newest):
        raise RiskAssessmentInvalidError(*problems)
    following = _create_version(
        actor=actor,
        pupil=current.pupil,
        previous=current,
        overall_rating=current.overall_rating,
        summary=current.summary,
    )
    RiskHazard.objects.bulk_create(
        RiskHazard(
            assessment=following,
            hazard=row.hazard,
            **{name: getattr(row, name) for name in HAZARD_FIELDS},
        )
        for row in current.hazards.all()
    )
    _audit(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        assessment=following,
        changes=["version", "previous", "hazards", "overall_rating", "summary"],
    )
    return following


def risk_assessment_viewed(
    *, actor: User, membership: Membership, pupil: Pupil, assessment: RiskAssessment | None = None
) -> None:
    """Every read of a pupil's record is audited: the list of versions, or one version."""
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.VIEW,
        target=assessment if assessment is not None else pupil,
        pupil_id=pupil.pk,
    )
