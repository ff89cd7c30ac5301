"""The demo county's alternative provision directory: what each provider offers, its sites and
contacts, compliance evidence, QA visits, and pupils placed there.

``generate.build_county`` calls ``build_directory`` last, with its seeded ``random.Random``, so
the same seed on the same day gives the same directory; dates are relative to the day of the
build (some evidence expiring, some lapsed). Sites are at real postcodes from the ONS directory
(postcodes are not personal data); names, phone numbers (Ofcom's drama range) and e-mail
addresses (``.example``) are invented.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from inclusion.demo.directory import pools
from inclusion.demo.directory.details import create_contacts, create_sites, describe_providers
from inclusion.demo.directory.placements import create_placements, placement_groups
from inclusion.demo.directory.pools import Build
from inclusion.demo.directory.quality import create_evidence, create_qa_visits, load_people
from inclusion.organisations.models import School
from inclusion.placements.models import Placement
from inclusion.providers.models import ComplianceEvidence, Provider, ProviderSite, QaVisit
from inclusion.providers.services.status import refresh_provider_status
from inclusion.providers.status import Compliance, compliance_q


def build_directory(
    rng: random.Random,
    *,
    providers: Sequence[Provider],
    schools: Sequence[School],
    today: dt.date | None = None,
) -> None:
    """Fill in every provider of the demo county, then place pupils of ``schools`` there."""
    b = Build(rng, today or timezone.localdate(), list(providers))
    states = dict(zip((x.pk for x in b.providers), _evidence_states(b), strict=True))
    visited = {
        x.pk for x in rng.sample(b.providers, round(pools.QA_VISITED_SHARE * len(providers)))
    }
    groups = placement_groups(b)
    describe_providers(
        b, full_week={grp.provider.pk for grp in groups if grp.stay in pools.FULL_DAY}
    )
    sites = create_sites(b)
    main_contacts = create_contacts(b)
    load_people(b)
    create_evidence(b, states)
    create_qa_visits(b, visited, main_contacts)
    for provider in b.providers:
        refresh_provider_status(provider=provider)
    create_placements(b, groups, sites, schools)


def _evidence_states(b: Build) -> list[str]:
    """About 4 in 40 lapsed, 5 expiring, 3 incomplete, 2 awaiting confirmation; the rest (at
    least one) in date. The provider persona's provider shows evidence awaiting confirmation."""
    count = len(b.providers)
    odd = [state for state, n in pools.EVIDENCE_SHARES for _ in range(pools.share(n, count))]
    states = odd[: count - 1]
    states += [pools.IN_DATE] * (count - len(states))
    b.rng.shuffle(states)
    if "awaiting" in states:
        at = states.index("awaiting")
        states[0], states[at] = states[at], states[0]
    return states


@dataclass(frozen=True)
class DirectorySummary:
    sites: int
    evidence: int
    lapsed: int
    expiring: int
    qa_visits: int
    placements: int


def directory_summary(today: dt.date | None = None) -> DirectorySummary:
    """Rows of the directory (every provider's), and providers lapsed or expiring today."""
    today = today or timezone.localdate()
    return DirectorySummary(
        sites=ProviderSite.objects.count(),
        evidence=ComplianceEvidence.objects.count(),
        lapsed=Provider.objects.filter(compliance_q(Compliance.LAPSED, today)).count(),
        expiring=Provider.objects.filter(compliance_q(Compliance.EXPIRING, today)).count(),
        qa_visits=QaVisit.objects.count(),
        placements=Placement.objects.count(),
    )
