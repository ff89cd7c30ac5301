"""Demo pupils placed at providers, so that the registration test has something to show.

At unregistered providers: one with five pupils full time (it meets the test, "5 of 5"), one
with four ("4 of 5"), one with a looked-after pupil full time (it meets the test), several with
pupils for two or three sessions a week; and pupils full time at registered schools. Each pupil
is placed once, so nobody is at two full-time placements at a time.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from inclusion.demo import generate as g
from inclusion.demo.directory import pools
from inclusion.demo.directory.pools import Build, Registration, Stay
from inclusion.organisations.models import School
from inclusion.placements.models import Placement, PlacementSession
from inclusion.providers.models import DAY_FIELDS, Provider, ProviderSite
from inclusion.pupils.models import Pupil

Status = Placement.Status


@dataclass(frozen=True)
class Group:
    """Pupils placed at one provider in the same way."""

    provider: Provider
    stay: Stay
    pupils: int


def placement_groups(b: Build) -> list[Group]:
    """Who goes where: see the module's description. The provider persona's provider (the
    first) has pupils placed, unless it is an online provider."""
    count, rng = len(b.providers), b.rng
    unregistered = [x for x in b.providers if x.registration == Registration.UNREGISTERED]
    schools = [x for x in b.providers if x.is_registered_school]
    rng.shuffle(unregistered)
    rng.shuffle(schools)
    for shuffled, at in ((unregistered, 3), (schools, 0)):
        if b.providers[0] in shuffled:
            shuffled.remove(b.providers[0])
            shuffled.insert(min(at, len(shuffled)), b.providers[0])
    fixed = ((Stay.FULL_TIME, 5), (Stay.FULL_TIME, 4), (Stay.LOOKED_AFTER, 1))
    groups = [Group(x, stay, n) for x, (stay, n) in zip(unregistered, fixed, strict=False)]
    groups += [Group(x, Stay.PART_TIME, 1) for x in unregistered[1:3]]
    part_timers = unregistered[3 : 3 + pools.share(6, count)]
    groups += [Group(x, Stay.PART_TIME, rng.randint(1, 3)) for x in part_timers]
    at_schools = schools[: pools.share(4, count)]
    return groups + [Group(x, Stay.SCHOOL, rng.randint(1, 3)) for x in at_schools]


PERSONA_SCHOOL_PUPILS = 4


class _Pupils:
    """Pupils of years 8 to 11 (of compulsory school age), shuffled; each taken once."""

    def __init__(self, b: Build, schools: Sequence[School]) -> None:
        in_schools = Pupil.objects.filter(school__in=[s.pk for s in schools])
        self.pool = list(in_schools.filter(nc_year__range=(8, 11)).order_by("upn"))
        b.rng.shuffle(self.pool)
        # The school staff persona's school (the first) has a few pupils placed, so its pages
        # (its placements, its register codes, its Ofsted pack) have something to show.
        persona_school = schools[0].pk if schools else None
        own = [p for p in self.pool if p.school_id == persona_school][:PERSONA_SCHOOL_PUPILS]
        self.pool = own + [p for p in self.pool if p not in own]

    def take(self, count: int, stay: Stay) -> list[Pupil]:
        """Full time: without SEN and not looked after, so they count by number alone."""

        def fits(pupil: Pupil) -> bool:
            if stay == Stay.FULL_TIME:
                return pupil.sen_provision == "N" and not pupil.looked_after
            return pupil.looked_after or stay != Stay.LOOKED_AFTER

        chosen = [pupil for pupil in self.pool if fits(pupil)][:count]
        self.pool = [pupil for pupil in self.pool if pupil not in chosen]
        return chosen


def _sessions(
    b: Build, placement: Placement, provider: Provider, stay: Stay
) -> list[PlacementSession]:
    if stay in pools.FULL_DAY:
        days, (starts, ends) = list(range(5)), pools.FULL_DAY[stay]
    else:
        open_days = [i for i, day in enumerate(DAY_FIELDS) if getattr(provider, day)]
        days = sorted(b.rng.sample(open_days, min(len(open_days), b.rng.choice((2, 3)))))
        starts, ends = b.rng.choice(pools.PART_DAY)
    return [
        PlacementSession(placement=placement, weekday=day, starts_at=starts, ends_at=ends)
        for day in days
    ]


def _status(b: Build, stay: Stay, others: int) -> str:
    """The registration-test groups are active; of the others (after the part-time pupils
    beside them), one ended, one proposed and the rest mostly active."""
    if stay in pools.COUNTED:
        return Status.ACTIVE
    return {2: Status.ENDED, 3: Status.PROPOSED}.get(others) or b.pick(pools.PLACEMENT_STATUSES)


def _dates(b: Build, status: str) -> tuple[dt.date, dt.date | None]:
    if status == Status.PROPOSED:
        return b.days_ahead(7, 28), None
    if status == Status.ENDED:
        ended = b.days_ago(7, 60)
        return ended - dt.timedelta(days=b.rng.randint(42, 120)), ended
    return b.days_ago(14, 120), None


def create_placements(
    b: Build,
    groups: list[Group],
    sites: dict[uuid.UUID, list[ProviderSite]],
    schools: Sequence[School],
) -> None:
    pupils = _Pupils(b, schools)
    placements, sessions, others = [], [], 0
    for group in groups:
        for pupil in pupils.take(group.pupils, group.stay):
            status = _status(b, group.stay, others)
            others += group.stay not in pools.COUNTED
            start, end = _dates(b, status)
            site = b.rng.choice(sites[group.provider.pk])
            placement = Placement(
                pupil=pupil, site=site, status=status, start_date=start, end_date=end
            )
            placements.append(placement)
            sessions += _sessions(b, placement, group.provider, group.stay)
    Placement.objects.bulk_create(placements, batch_size=g.BATCH_SIZE)
    PlacementSession.objects.bulk_create(sessions, batch_size=g.BATCH_SIZE)
