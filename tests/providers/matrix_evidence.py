"""Permission-matrix entries for the directory's evidence pages."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from inclusion.providers.models import ComplianceEvidence
from tests.conftest import County
from tests.factories import EvidenceFactory
from tests.matrix import Entry, statuses

READERS = statuses(200, governance=404, service_admin=404)
CHANGERS = statuses(404, coordinator=200, la_officer=200, provider=200)
MANAGERS = statuses(404, coordinator=200, la_officer=200)
# The file of a provider's evidence: co-ordinators, LA officers and that provider's staff.
FILE_READERS = statuses(404, coordinator=200, la_officer=200, provider=200)


def provider(county: County) -> dict[str, Any]:
    return {"pk": county.provider.pk}


def evidence_with_file(county: County) -> dict[str, Any]:
    # Saved under the test's temporary MEDIA_ROOT (tests/conftest.py).
    name = default_storage.save(
        "evidence/fictional-evidence.pdf", ContentFile(b"%PDF-1.4\n% fictional\n%%EOF\n")
    )
    evidence = EvidenceFactory.create(
        provider=county.provider,
        submitted_by=county.memberships["coordinator"].user,
        file=name,
        file_name="fire-safety.pdf",
        file_type="application/pdf",
        file_size=30,
    )
    return {"pk": evidence.pk}


def awaiting_evidence(county: County) -> dict[str, Any]:
    evidence = EvidenceFactory.create(
        provider=county.provider,
        kind="fire_safety",
        status=ComplianceEvidence.Status.AWAITING_CONFIRMATION,
        submitted_by=county.memberships["provider"].user,
        verified_by=None,
    )
    return {"pk": evidence.pk}


ENTRIES: dict[str, Entry] = {
    "providers:evidence_list": Entry(READERS, provider),
    "providers:evidence_add": Entry(CHANGERS, provider),
    "providers:evidence_file": Entry(FILE_READERS, evidence_with_file),
    "providers:evidence_review": Entry(MANAGERS, awaiting_evidence),
    "providers:evidence_expiring": Entry(
        statuses(404, coordinator=200, la_officer=200, provider=200)
    ),
}
