"""Placements at the persona provider for the provider's view (fictional data only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from inclusion.placements.models import Placement, ProviderNote
from inclusion.providers.models import ProviderSite
from inclusion.pupils.models import Pupil, PupilNeed
from tests.conftest import County
from tests.factories import ProviderFactory, ProviderSiteFactory, PupilFactory
from tests.placements.factories import place
from tests.referrals.factories import make_referral

# Everything a school may choose to share.
ALL_FIELDS = [
    "preferred_name",
    "year_group",
    "sen",
    "known_risks",
    "pupil_voice",
    "objectives",
    "school_dsl",
    "attendance_contact",
]


def site_of(county: County) -> ProviderSite:
    """The persona provider's site (made once)."""
    site = county.provider.sites.first()
    return site or ProviderSiteFactory.create(provider=county.provider, name="Barn Lane")


def other_site() -> ProviderSite:
    return ProviderSiteFactory.create(provider=ProviderFactory.create(name="Elsewhere Farm"))


def provider_placement(
    county: County,
    *,
    pupil: Pupil | None = None,
    site: ProviderSite | None = None,
    hours: int = 15,
    status: str = Placement.Status.ACTIVE,
    with_referral: bool = False,
    **fields: Any,
) -> Placement:
    """A placement of ``pupil`` (Amara, pupil_a, by default) at the persona provider."""
    pupil = pupil or county.pupil_a
    today = timezone.localdate()
    ended = status == Placement.Status.ENDED
    fields.setdefault("start_date", today - dt.timedelta(days=120 if ended else 20))
    fields.setdefault("school", pupil.school)
    fields.setdefault("partnership", pupil.school.partnership)
    if ended:
        fields.setdefault("end_date", today - dt.timedelta(days=5))
        fields.setdefault("end_reason", Placement.EndReason.COMPLETED)
    if with_referral:
        fields["referral"] = make_referral(pupil=pupil, by=county.memberships["school_a"])
    return place(site=site or site_of(county), hours=hours, pupil=pupil, status=status, **fields)


def pupil_at_school_a(county: County, **fields: Any) -> Pupil:
    return PupilFactory.create(school=county.school_a, **fields)


def with_needs(pupil: Pupil, *codes: str) -> Pupil:
    PupilNeed.objects.bulk_create(
        PupilNeed(pupil=pupil, need_type=code, rank=rank) for rank, code in enumerate(codes, 1)
    )
    return pupil


def note(placement: Placement, *, by: Any, kind: str = ProviderNote.Kind.PROGRESS) -> ProviderNote:
    return ProviderNote.objects.create(
        placement=placement,
        kind=kind,
        occurred_on=timezone.localdate(),
        text="Fictional: settled well in the workshop.",
        action_taken="Fictional: told the school's DSL." if kind == "incident" else "",
        recorded_by=by,
    )
