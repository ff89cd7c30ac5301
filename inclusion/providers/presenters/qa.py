"""How a QA visit reads: the template's areas, each item's judgement and evidence, and counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from inclusion.providers.models import QaJudgement, QaVisit
from inclusion.providers.qa_template import AREAS, item_text

Judgement = QaJudgement.Judgement

JUDGEMENT_TAG = {
    Judgement.MET: "govuk-tag--green",
    Judgement.PARTLY_MET: "govuk-tag--yellow",
    Judgement.NOT_MET: "govuk-tag--red",
    Judgement.NOT_SEEN: "govuk-tag--grey",
}
RATING_TAG = {
    QaVisit.Rating.MEETS: "govuk-tag--green",
    QaVisit.Rating.PARTLY: "govuk-tag--yellow",
    QaVisit.Rating.DOES_NOT_MEET: "govuk-tag--red",
}


@dataclass(frozen=True)
class JudgementRow:
    text: str
    label: str
    tag: str
    evidence: str


@dataclass(frozen=True)
class AreaReport:
    title: str
    rows: list[JudgementRow]

    @property
    def summary(self) -> str:
        """For example "4 met, 1 partly met"."""
        counts = Counter(row.label for row in self.rows)
        return ", ".join(
            f"{counts[label]} {label.lower()}" for label in Judgement.labels if counts[label]
        )


def _row(judgement: QaJudgement) -> JudgementRow:
    value = Judgement(judgement.judgement)
    return JudgementRow(
        item_text(judgement.item), value.label, JUDGEMENT_TAG[value], judgement.evidence
    )


def area_reports(visit: QaVisit) -> list[AreaReport]:
    """The visit's judgements under the template's areas; items no longer in the template
    (retired since the visit) are kept under "Other items"."""
    by_item = {j.item: j for j in visit.judgements.all()}
    reports = []
    for area in AREAS:
        rows = [_row(by_item.pop(item.code)) for item in area.items if item.code in by_item]
        if rows:
            reports.append(AreaReport(area.title, rows))
    if by_item:
        reports.append(AreaReport("Other items", [_row(j) for j in by_item.values()]))
    return reports


def rating_tag(rating: str) -> str:
    return RATING_TAG.get(QaVisit.Rating(rating), "govuk-tag--grey")
