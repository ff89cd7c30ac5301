"""Keep a provider's derived status columns current after evidence or a QA visit changes."""

from __future__ import annotations

from inclusion.providers.models import (
    REQUIRED_EVIDENCE,
    ComplianceEvidence,
    Provider,
)


def refresh_provider_status(*, provider: Provider) -> None:
    """Recompute ``evidence_expires_on``, ``evidence_missing`` and the latest QA visit.

    For each required kind the latest confirmed evidence (by date checked) counts; the provider
    lapses on the earliest expiry among those, and a kind with none confirmed is missing.
    """
    latest: dict[str, ComplianceEvidence] = {}
    confirmed = provider.evidence.filter(status=ComplianceEvidence.Status.CONFIRMED).order_by(
        "kind", "-checked_on", "-created_at"
    )
    for evidence in confirmed:
        latest.setdefault(evidence.kind, evidence)
    expiries = [
        latest[kind].expires_on
        for kind in REQUIRED_EVIDENCE
        if kind in latest and latest[kind].expires_on is not None
    ]
    provider.evidence_expires_on = min(expiries, default=None)  # type: ignore[type-var]
    provider.evidence_missing = sum(1 for kind in REQUIRED_EVIDENCE if kind not in latest)
    visit = provider.qa_visits.order_by("-visited_on", "-created_at").first()
    provider.last_qa_visit_on = visit.visited_on if visit else None
    provider.last_qa_rating = visit.overall_rating if visit else ""
    provider.save(
        update_fields=[
            "evidence_expires_on",
            "evidence_missing",
            "last_qa_visit_on",
            "last_qa_rating",
            "updated_at",
        ]
    )
