"""How a Standard Risk Assessment reads: each version's status, hazard rows with their rating,
the rating bands and the likelihood-by-severity matrix."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.forms import BoundField

from inclusion.placements.models import Hazard, RiskAssessment, RiskHazard
from inclusion.placements.services.risk import BANDS, band_for, highest_band

Rating = RiskAssessment.Rating

REVIEW_DUE_WITHIN_DAYS = 28

LIKELIHOOD_LABELS = {
    1: "Very unlikely",
    2: "Unlikely",
    3: "Possible",
    4: "Likely",
    5: "Almost certain",
}
SEVERITY_LABELS = {
    1: "Negligible",
    2: "Minor",
    3: "Moderate",
    4: "Major",
    5: "Severe",
}
RATING_TAG = {
    Rating.LOW: "govuk-tag--green",
    Rating.MEDIUM: "govuk-tag--yellow",
    Rating.HIGH: "govuk-tag--red",
}


def scale_choices(labels: dict[int, str]) -> list[tuple[int, str]]:
    return [(value, f"{value} \N{EN DASH} {label}") for value, label in labels.items()]


@dataclass(frozen=True)
class Tag:
    label: str
    tag: str


DRAFT = Tag("Draft", "govuk-tag--grey")
AWAITING_SIGN_OFF = Tag("Completed, awaiting sign-off", "govuk-tag--blue")
SIGNED_OFF = Tag("Signed off", "govuk-tag--green")
REVIEW_DUE = Tag("Signed off, review due", "govuk-tag--yellow")
REVIEW_OVERDUE = Tag("Signed off, review overdue", "govuk-tag--red")
SUPERSEDED = Tag("Superseded", "govuk-tag--grey")


def status_of(assessment: RiskAssessment, today: dt.date, *, superseded: bool = False) -> Tag:
    if assessment.completed_at is None:
        return DRAFT
    if assessment.signed_off_at is None:
        return AWAITING_SIGN_OFF
    if superseded:
        return SUPERSEDED
    if assessment.review_on is None or assessment.review_on < today:
        return REVIEW_OVERDUE
    if assessment.review_on <= today + dt.timedelta(days=REVIEW_DUE_WITHIN_DAYS):
        return REVIEW_DUE
    return SIGNED_OFF


def rating_tag(rating: str) -> Tag | None:
    if not rating:
        return None
    value = Rating(rating)
    return Tag(str(value.label), RATING_TAG[value])


@dataclass(frozen=True)
class VersionRow:
    assessment: RiskAssessment
    status: Tag
    rating: Tag | None


def version_rows(versions: Sequence[RiskAssessment], today: dt.date) -> list[VersionRow]:
    """The versions (newest first) with their status: a signed version is superseded once a
    newer version has been signed off."""
    rows = []
    newer_signed = False
    for assessment in versions:
        status = status_of(assessment, today, superseded=newer_signed)
        newer_signed = newer_signed or assessment.signed_off_at is not None
        rows.append(VersionRow(assessment, status, rating_tag(assessment.overall_rating)))
    return rows


@dataclass(frozen=True)
class HazardRow:
    hazard: str
    label: str
    likelihood: str
    severity: str
    score: int | None
    rating: Tag | None
    controls: str
    owner: str


def _scored(hazard: str, label: str, row: RiskHazard) -> HazardRow:
    band = band_for(row.score)
    return HazardRow(
        hazard,
        label,
        f"{row.likelihood} \N{EN DASH} {LIKELIHOOD_LABELS[row.likelihood]}",
        f"{row.severity} \N{EN DASH} {SEVERITY_LABELS[row.severity]}",
        row.score,
        Tag(str(band.label), RATING_TAG[band]),
        row.controls,
        row.owner,
    )


def hazard_rows(assessment: RiskAssessment) -> list[HazardRow]:
    """Every hazard in the assessment's order, scored or not (uses prefetched ``hazards``)."""
    stored = {row.hazard: row for row in assessment.hazards.all()}
    return [
        _scored(value, label, stored[value])
        if value in stored
        else HazardRow(value, label, "", "", None, None, "", "")
        for value, label in Hazard.choices
    ]


def suggested_rating(assessment: RiskAssessment) -> Rating | None:
    """The highest hazard band: the suggested overall rating."""
    return highest_band(row.score for row in assessment.hazards.all())


@dataclass(frozen=True)
class BandRow:
    label: str
    tag: str
    lowest: int
    highest: int


def band_rows() -> list[BandRow]:
    return [BandRow(str(b.rating.label), RATING_TAG[b.rating], b.lowest, b.highest) for b in BANDS]


@dataclass(frozen=True)
class MatrixCell:
    score: int
    rating: Tag


@dataclass(frozen=True)
class MatrixRow:
    likelihood: str
    cells: list[MatrixCell]


def rating_matrix() -> list[MatrixRow]:
    """Likelihood (5 down to 1) by severity (1 to 5), each cell its score and band."""
    rows = []
    for likelihood in sorted(LIKELIHOOD_LABELS, reverse=True):
        cells = []
        for severity in SEVERITY_LABELS:
            band = band_for(likelihood * severity)
            cells.append(MatrixCell(likelihood * severity, Tag(str(band.label), RATING_TAG[band])))
        rows.append(MatrixRow(f"{likelihood} \N{EN DASH} {LIKELIHOOD_LABELS[likelihood]}", cells))
    return rows


def severity_headings() -> list[str]:
    return [f"{value} \N{EN DASH} {label}" for value, label in SEVERITY_LABELS.items()]


def _int_or_none(value: object) -> int | None:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= 5 else None


@dataclass(frozen=True)
class EditRow:
    """One hazard on the edit page: its fields and the rating they give as they stand."""

    hazard: str
    label: str
    likelihood: BoundField
    severity: BoundField
    controls: BoundField
    owner: BoundField
    score: int | None
    rating: Tag | None


def edit_rows(fields: Sequence[tuple[str, str, Sequence[BoundField]]]) -> list[EditRow]:
    rows = []
    for hazard, label, (likelihood, severity, controls, owner) in fields:
        first, second = _int_or_none(likelihood.value()), _int_or_none(severity.value())
        score = first * second if first is not None and second is not None else None
        rating = None
        if score is not None:
            band = band_for(score)
            rating = Tag(str(band.label), RATING_TAG[band])
        rows.append(EditRow(hazard, label, likelihood, severity, controls, owner, score, rating))
    return rows
