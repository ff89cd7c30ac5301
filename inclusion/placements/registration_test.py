"""The registration test: is a provider that is not a registered school educating enough pupils
full time that it must register? (statutory-rules.md, "Registration test"; see also
docs/registration-test.md)

The test counts across **every** commissioner — all schools, all partnerships, the LA — because
no single commissioner can see the whole picture. So this module is deliberately not scoped to
an acting membership. In return it never hands pupils to its callers: only counts and flags.
It reads as little of each pupil as the test needs (date of birth, looked after, SEN provision).

The rule in force on a date is data (``providers.RegistrationRule``), so a new threshold or a
change in which SEN counts is a new row with its effective-from date, not a code change.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from inclusion.placements.models import Placement, PlacementSession
from inclusion.providers.models import REGISTERED_SCHOOL_KINDS, Provider, RegistrationRule

# Placements that count: agreed or running. Proposed ones are what the check is asked about.
COUNTED_STATUSES = (Placement.Status.AGREED, Placement.Status.ACTIVE)
EHC_PLAN = "E"
SEN_SUPPORT = "K"
# The Education (Start of Compulsory School Age) Order 1998: 31 March, 31 August, 31 December.
PRESCRIBED_DAYS = ((3, 31), (8, 31), (12, 31))
FRIDAY = 4


class NoRuleInForceError(LookupError):
    """No registration rule was in force on the date asked about."""


def rule_on(on: dt.date) -> RegistrationRule:
    """The rule in force on ``on``: the one with the latest effective-from date on or before it."""
    rule = RegistrationRule.objects.filter(effective_from__lte=on).order_by("-effective_from")
    found = rule.first()
    if found is None:
        raise NoRuleInForceError(on)
    return found


def earliest_rule_date() -> dt.date | None:
    first = RegistrationRule.objects.order_by("effective_from").first()
    return first.effective_from if first else None


# Compulsory school age (Education Act 1996 s.8) -----------------------------------------------


def _birthday(date_of_birth: dt.date, age: int) -> dt.date:
    """The day a person attains ``age``; someone born on 29 February attains it on 1 March
    in a common year."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return dt.date(date_of_birth.year + age, 3, 1)


def compulsory_school_age_begins(date_of_birth: dt.date) -> dt.date:
    """The first day of compulsory school age: the 5th birthday if it falls on a prescribed
    day, otherwise the next prescribed day after it (s.8(2))."""
    fifth = _birthday(date_of_birth, 5)
    return min(
        day for month, d in PRESCRIBED_DAYS if (day := dt.date(fifth.year, month, d)) >= fifth
    )


def last_friday_in_june(year: int) -> dt.date:
    end = dt.date(year, 6, 30)
    return end - dt.timedelta(days=(end.weekday() - FRIDAY) % 7)


def compulsory_school_age_ends(date_of_birth: dt.date) -> dt.date:
    """The last day of compulsory school age: the school leaving date — the last Friday in June
    of the school year (1 September to 31 August) in which the child turns 16 (s.8(3) and the
    Education (School Leaving Date) Order 1997)."""
    sixteenth = _birthday(date_of_birth, 16)
    school_year_ends = sixteenth.year + 1 if sixteenth.month >= 9 else sixteenth.year
    return last_friday_in_june(school_year_ends)


def is_compulsory_school_age(date_of_birth: dt.date, on: dt.date) -> bool:
    begins = compulsory_school_age_begins(date_of_birth)
    return begins <= on <= compulsory_school_age_ends(date_of_birth)


# Positions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposedPlacement:
    """A placement not yet agreed (unsaved, or saved as proposed) with its weekly sessions."""

    placement: Placement
    sessions: Sequence[PlacementSession]


@dataclass(frozen=True)
class ProviderPosition:
    """Where a provider stands against the registration test on a date: counts and flags only."""

    provider: Provider
    on: dt.date
    rule: RegistrationRule
    exempt: bool
    full_time_count: int
    pupil_limit: int
    looked_after_or_sen: int
    meets_test: bool

    @property
    def headroom(self) -> int:
        """Full-time pupils the provider can take before it meets the test on numbers alone."""
        return max(self.pupil_limit - self.full_time_count, 0)

    @property
    def headroom_text(self) -> str:
        return f"{self.full_time_count} of {self.pupil_limit}"

    @property
    def looked_after_or_sen_label(self) -> str:
        return looked_after_or_sen_label(self.rule)

    @property
    def description(self) -> str:
        """'5 of 5 full-time pupils', with the looked-after or SEN count when there are any."""
        text = f"{self.headroom_text} full-time pupils"
        if self.looked_after_or_sen:
            text += f", {self.looked_after_or_sen} {self.looked_after_or_sen_label}"
        return text

    @property
    def summary(self) -> str:
        name = self.provider.name
        if self.exempt:
            return f"{name} is a registered school, so the registration test does not apply"
        if self.meets_test:
            return f"{name} meets the registration test ({self.description})"
        return f"{name} does not meet the registration test ({self.description})"


def looked_after_or_sen_label(rule: RegistrationRule) -> str:
    if rule.sen_counts == RegistrationRule.SenCounts.ANY_SEN:
        return "looked after or with special educational needs"
    return "looked after or with an EHC plan"


@dataclass(frozen=True)
class _Attendance:
    """One placement's weekly hours and the little the test needs to know of its pupil."""

    pupil_id: uuid.UUID
    date_of_birth: dt.date
    looked_after: bool
    sen_provision: str
    hours: Decimal


def _attendance(placement: Placement, sessions: Iterable[PlacementSession]) -> _Attendance:
    pupil = placement.pupil
    return _Attendance(
        pupil_id=pupil.pk,
        date_of_birth=pupil.date_of_birth,
        looked_after=pupil.looked_after,
        sen_provision=pupil.sen_provision,
        hours=sum((session.hours for session in sessions), Decimal(0)),
    )


def _sen_counts(sen_provision: str, rule: RegistrationRule) -> bool:
    if rule.sen_counts == RegistrationRule.SenCounts.ANY_SEN:
        return sen_provision in (EHC_PLAN, SEN_SUPPORT)
    return sen_provision == EHC_PLAN


def _position(
    provider: Provider, on: dt.date, rule: RegistrationRule, attendances: Iterable[_Attendance]
) -> ProviderPosition:
    hours: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    pupils: dict[uuid.UUID, _Attendance] = {}
    for attendance in attendances:
        hours[attendance.pupil_id] += attendance.hours
        pupils[attendance.pupil_id] = attendance
    threshold = Decimal(rule.full_time_hours)
    full_time = [
        pupils[pupil_id]
        for pupil_id, total in hours.items()
        if total > threshold and is_compulsory_school_age(pupils[pupil_id].date_of_birth, on)
    ]
    flagged = sum(1 for p in full_time if p.looked_after or _sen_counts(p.sen_provision, rule))
    return ProviderPosition(
        provider=provider,
        on=on,
        rule=rule,
        exempt=False,
        full_time_count=len(full_time),
        pupil_limit=rule.pupil_limit,
        looked_after_or_sen=flagged,
        meets_test=len(full_time) >= rule.pupil_limit or flagged > 0,
    )


def _exempt(provider: Provider, on: dt.date, rule: RegistrationRule) -> ProviderPosition:
    return ProviderPosition(
        provider=provider,
        on=on,
        rule=rule,
        exempt=True,
        full_time_count=0,
        pupil_limit=rule.pupil_limit,
        looked_after_or_sen=0,
        meets_test=False,
    )


def _is_current(placement: Placement, on: dt.date) -> bool:
    return placement.start_date <= on and (placement.end_date is None or placement.end_date >= on)


def current_placements(on: dt.date) -> QuerySet[Placement]:
    """Agreed or active placements running on ``on``, whoever commissioned them, with their
    sessions and only the pupil fields the test reads."""
    return (
        Placement.objects.filter(status__in=COUNTED_STATUSES, start_date__lte=on)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
        .select_related("pupil", "site")
        .only(
            "id",
            "pupil",
            "site",
            "status",
            "start_date",
            "end_date",
            "pupil__id",
            "pupil__date_of_birth",
            "pupil__looked_after",
            "pupil__sen_provision",
            "site__id",
            "site__provider_id",
        )
        .prefetch_related("sessions")
        .order_by()
    )


def provider_position(
    provider: Provider, on: dt.date, *, extra: ProposedPlacement | None = None
) -> ProviderPosition:
    """Where ``provider`` stands on ``on``; with ``extra``, as if that placement were agreed.

    A pupil counts as full time when the weekly hours of all their current placements at any
    of the provider's sites add up to more than the rule's threshold, and only while they are of
    compulsory school age. Registered schools are exempt.
    """
    rule = rule_on(on)
    if provider.is_registered_school:
        return _exempt(provider, on, rule)
    placements = current_placements(on).filter(site__provider=provider)
    if extra is not None:
        if extra.placement.site.provider_id != provider.pk:
            raise ValueError("The proposed placement is at another provider")
        placements = placements.exclude(pk=extra.placement.pk)
    attendances = [_attendance(p, p.sessions.all()) for p in placements]
    if extra is not None and _is_current(extra.placement, on):
        attendances.append(_attendance(extra.placement, extra.sessions))
    return _position(provider, on, rule, attendances)


def _closeness(position: ProviderPosition) -> tuple[bool, int, int, str]:
    return (
        not position.meets_test,
        position.headroom,
        -position.looked_after_or_sen,
        position.provider.name.lower(),
    )


def positions_for_unregistered(on: dt.date) -> list[ProviderPosition]:
    """Every active provider that is not a registered school (unregistered and online
    providers), closest to the test first: those that meet it, then the least headroom.
    Four queries however many providers and placements there are."""
    rule = rule_on(on)
    providers = Provider.objects.filter(is_active=True).exclude(
        registration__in=REGISTERED_SCHOOL_KINDS
    )
    by_provider: dict[uuid.UUID, list[_Attendance]] = defaultdict(list)
    for placement in current_placements(on).filter(site__provider__in=providers):
        by_provider[placement.site.provider_id].append(
            _attendance(placement, placement.sessions.all())
        )
    positions = [_position(p, on, rule, by_provider[p.pk]) for p in providers]
    return sorted(positions, key=_closeness)


# The check the placement workflow calls before a placement is agreed -----------------------


@dataclass(frozen=True)
class PlacementCheck:
    before: ProviderPosition
    after: ProviderPosition

    @property
    def would_meet_test(self) -> bool:
        """Agreeing the placement tips the provider over."""
        return self.after.meets_test and not self.before.meets_test

    @property
    def message(self) -> str | None:
        """The warning to show before the placement is agreed, or None when there is none."""
        after = self.after
        name = after.provider.name
        if after.exempt or not after.meets_test:
            return None
        if self.before.meets_test:
            return (
                f"{name} already meets the registration test ({after.description}). It must "
                "register as a school or stop educating pupils full time: speak to the local "
                "authority before agreeing this placement"
            )
        return (
            f"Agreeing this placement would make {name} meet the registration test "
            f"({after.description})"
        )


def check_placement(
    placement: Placement, sessions: Sequence[PlacementSession], on: dt.date
) -> PlacementCheck:
    """Whether agreeing ``placement`` (with these weekly ``sessions``) would make its provider
    meet the registration test. The position is taken on ``on``, or on the day the placement
    starts if that is later, since that is when it would first count."""
    when = max(on, placement.start_date)
    provider = placement.site.provider
    return PlacementCheck(
        before=provider_position(provider, when),
        after=provider_position(
            provider, when, extra=ProposedPlacement(placement, tuple(sessions))
        ),
    )
