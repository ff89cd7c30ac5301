"""How a provider is shown in search results and on its page: display logic only."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from inclusion.providers.models import (
    DAY_FIELDS,
    REQUIRED_EVIDENCE,
    ComplianceEvidence,
    EvidenceKind,
    Provider,
    ProviderContact,
    ProviderSite,
)
from inclusion.providers.status import (
    EXPIRING_WITHIN_DAYS,
    Compliance,
    QaStatus,
    compliance_of,
    qa_status_of,
)

COMPLIANCE_TAG = {
    Compliance.LAPSED: "govuk-tag--red",
    Compliance.EXPIRING: "govuk-tag--yellow",
    Compliance.INCOMPLETE: "govuk-tag--orange",
    Compliance.IN_DATE: "govuk-tag--green",
}
QA_TAG = {
    QaStatus.LAPSED: "govuk-tag--red",
    QaStatus.NOT_VISITED: "govuk-tag--grey",
    QaStatus.OVERDUE: "govuk-tag--orange",
    QaStatus.MEETS: "govuk-tag--green",
    QaStatus.PARTLY: "govuk-tag--yellow",
    QaStatus.NOT_MET: "govuk-tag--red",
}
METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class EvidenceRow:
    kind: str
    label: str
    evidence: ComplianceEvidence | None
    state: str  # "Expired", "Expires soon", "In date", "Missing", "No expiry"
    tag: str
    required: bool


@dataclass
class ProviderPresenter:
    provider: Provider
    today: dt.date

    def __getattr__(self, name: str) -> object:
        return getattr(self.provider, name)

    @cached_property
    def compliance(self) -> Compliance:
        return compliance_of(self.provider, self.today)

    @property
    def compliance_tag(self) -> str:
        return COMPLIANCE_TAG[self.compliance]

    @cached_property
    def qa_status(self) -> QaStatus:
        return qa_status_of(self.provider, self.today)

    @property
    def qa_tag(self) -> str:
        return QA_TAG[self.qa_status]

    @property
    def identifier(self) -> str:
        p = self.provider
        if p.urn:
            return f"URN {p.urn}"
        if p.ukprn:
            return f"UKPRN {p.ukprn}"
        return ""

    @cached_property
    def offer_labels(self) -> list[str]:
        return [str(offer) for offer in self.provider.offers.all()]

    @property
    def key_stages(self) -> str:
        p = self.provider
        stages = [
            label
            for flag, label in (
                (p.key_stage_3, "Key stage 3"),
                (p.key_stage_4, "Key stage 4"),
                (p.post_16, "Post-16"),
            )
            if flag
        ]
        return ", ".join(stages)

    @property
    def ages(self) -> str:
        p = self.provider
        if p.min_age is not None and p.max_age is not None:
            return f"{p.min_age} to {p.max_age}"
        if p.min_age is not None:
            return f"{p.min_age} and over"
        if p.max_age is not None:
            return f"Up to {p.max_age}"
        return ""

    @property
    def days(self) -> str:
        open_days = [
            day.removeprefix("open_").capitalize()
            for day in DAY_FIELDS
            if getattr(self.provider, day)
        ]
        if len(open_days) == len(DAY_FIELDS):
            return "Monday to Friday"
        return ", ".join(open_days)

    @property
    def hours(self) -> str:
        p = self.provider
        if p.opens_at and p.closes_at:
            return f"{p.opens_at:%H:%M} to {p.closes_at:%H:%M}"
        return ""

    @property
    def price_text(self) -> str:
        p = self.provider
        if p.price is None:
            return ""
        text = f"£{p.price:,.2f} {p.get_price_unit_display()}"
        if p.weekly_price is not None and p.price_unit != Provider.PriceUnit.WEEK:
            text += f" (£{p.weekly_price:,.2f} for a full week)"
        return text

    @cached_property
    def sites(self) -> list[ProviderSite]:
        return list(self.provider.sites.all())

    @property
    def towns(self) -> str:
        return ", ".join(sorted({site.town for site in self.sites if site.is_active}))

    @property
    def distance(self) -> str:
        distance_sq = getattr(self.provider, "distance_sq", None)
        if distance_sq is None:
            return ""
        miles = distance_sq**0.5 / METRES_PER_MILE
        return "less than 1 mile" if miles < 1 else f"{miles:.1f} miles"

    @cached_property
    def contacts(self) -> list[ProviderContact]:
        return list(self.provider.contacts.all())

    def _contact(self, kind: str) -> ProviderContact | None:
        return next((c for c in self.contacts if c.kind == kind), None)

    @property
    def dsl(self) -> ProviderContact | None:
        return self._contact(ProviderContact.Kind.DSL)

    @property
    def attendance_contact(self) -> ProviderContact | None:
        return self._contact(ProviderContact.Kind.ATTENDANCE)

    @cached_property
    def evidence_rows(self) -> list[EvidenceRow]:
        latest: dict[str, ComplianceEvidence] = {}
        confirmed = [
            e
            for e in self.provider.evidence.all()
            if e.status == ComplianceEvidence.Status.CONFIRMED
        ]
        for evidence in sorted(confirmed, key=lambda e: (e.checked_on, e.created_at), reverse=True):
            latest.setdefault(evidence.kind, evidence)
        return [self._row(kind, latest.get(kind)) for kind in EvidenceKind]

    def _row(self, kind: EvidenceKind, evidence: ComplianceEvidence | None) -> EvidenceRow:
        required = kind in REQUIRED_EVIDENCE
        soon = self.today + dt.timedelta(days=EXPIRING_WITHIN_DAYS)
        if evidence is None:
            state, tag = (
                ("Missing", "govuk-tag--orange") if required else ("Not held", "govuk-tag--grey")
            )
        elif evidence.expires_on is None:
            state, tag = "No expiry date", "govuk-tag--green"
        elif evidence.expires_on < self.today:
            state, tag = "Expired", "govuk-tag--red"
        elif evidence.expires_on <= soon:
            state, tag = "Expires soon", "govuk-tag--yellow"
        else:
            state, tag = "In date", "govuk-tag--green"
        return EvidenceRow(kind.value, kind.label, evidence, state, tag, required)

    @property
    def awaiting_confirmation(self) -> int:
        return sum(
            1
            for e in self.provider.evidence.all()
            if e.status == ComplianceEvidence.Status.AWAITING_CONFIRMATION
        )
