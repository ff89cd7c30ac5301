"""The information pack shared with a provider: display logic only.

The school chooses which of ``PACK_FIELDS`` to share (``Placement.pack_fields``); the pack shows
those and the placement's own practical facts (site, dates, timetable, transport, the quick
route to the school's designated safeguarding lead) and NOTHING ELSE about the pupil: never the
UPN, date of birth, address, referral answers, SEN detail beyond what was shared, other
placements or other providers.

Templates get a ``PackPresenter`` or ``ProviderRow``, never the pupil, so a template cannot
reach a field that was not shared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from inclusion.core.reference import need_type_choices, sen_provision_choices
from inclusion.placements.models import Placement, PlacementSession, ProviderNote
from inclusion.pupils.models import Pupil

# The fields a school may choose to share with the provider, in the order the pack shows them.
PACK_FIELDS: dict[str, str] = {
    "preferred_name": "The name the pupil uses",
    "year_group": "Year group",
    "sen": "Special educational needs (provision and need types)",
    "known_risks": "Known risks",
    "pupil_voice": "The pupil's views",
    "objectives": "Objectives of the placement",
    "school_dsl": "The school's designated safeguarding lead",
    "attendance_contact": "The school's contact for attendance",
}
PACK_FIELD_CHOICES: list[tuple[str, str]] = list(PACK_FIELDS.items())

# Shared whatever the school chose: the provider must always be able to reach the school's
# designated safeguarding lead at once (the "quick route"), so that contact is part of the
# placement's practical facts rather than an optional field.
ALWAYS_SHARED: frozenset[str] = frozenset({"school_dsl"})
# For the school's form: what the provider sees whatever is chosen.
ALWAYS_SHARED_TEXT = (
    "The provider always sees the pupil's first name and the initial of their last name, the "
    "school, the placement's site, dates, timetable and transport, and how to reach the "
    "school's designated safeguarding lead."
)

NOT_RECORDED = "Not recorded"
TAG_FOR_STATUS: dict[str, str] = {
    Placement.Status.PROPOSED: "govuk-tag--grey",
    Placement.Status.AGREED: "govuk-tag--blue",
    Placement.Status.ACTIVE: "govuk-tag--green",
    Placement.Status.ENDED: "govuk-tag--grey",
}
TAG_FOR_NOTE: dict[str, str] = {
    ProviderNote.Kind.PROGRESS: "govuk-tag--blue",
    ProviderNote.Kind.INCIDENT: "govuk-tag--red",
}


def shared_fields(placement: Placement) -> frozenset[str]:
    """The pack fields the provider sees: the known ones the school chose, and the always
    shared. Unknown names in ``pack_fields`` are ignored."""
    chosen = placement.pack_fields if isinstance(placement.pack_fields, list) else []
    return frozenset(name for name in chosen if name in PACK_FIELDS) | ALWAYS_SHARED


def short_name(pupil: Pupil) -> str:
    """The first name the pupil uses and the initial of their last name: "Sam T."."""
    first = pupil.preferred_first_name or pupil.legal_first_name
    last = pupil.preferred_last_name or pupil.legal_last_name
    return f"{first} {last[:1]}." if last else first


def pupil_name(pupil: Pupil, shared: Iterable[str]) -> str:
    """The whole name the pupil uses when the school shared it; otherwise the short name.
    The pack always names the pupil: the provider must know whom they teach."""
    return pupil.display_name if "preferred_name" in shared else short_name(pupil)


def clock(value: dt.time) -> str:
    """GOV.UK times: 9am, 3:30pm, midday."""
    if value.hour == 12 and value.minute == 0:
        return "midday"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def hours_text(hours: Decimal) -> str:
    """18 hours, 7.5 hours, 1 hour."""
    number = f"{hours.normalize():f}"
    return f"{number} hour" if hours == 1 else f"{number} hours"


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass(frozen=True)
class SessionRow:
    day: str
    times: str
    hours: str


def session_rows(sessions: Iterable[PlacementSession]) -> list[SessionRow]:
    return [
        SessionRow(
            day=session.get_weekday_display(),
            times=f"{clock(session.starts_at)} to {clock(session.ends_at)}",
            hours=hours_text(session.hours),
        )
        for session in sessions
    ]


def timetable_summary(placement: Placement) -> str:
    """Monday, Tuesday and Friday: 15 hours a week (uses prefetched sessions)."""
    sessions = list(placement.sessions.all())
    if not sessions:
        return "No timetable yet"
    days = list(dict.fromkeys(session.get_weekday_display() for session in sessions))
    total = sum((session.hours for session in sessions), Decimal(0))
    return f"{_join(days)}: {hours_text(total)} a week"


@dataclass(frozen=True)
class ProviderRow:
    """One row of the provider's list of pupils: nothing the pack does not allow."""

    pk: object
    name: str
    site: str
    start_date: dt.date
    end_date: dt.date | None
    status: str
    status_tag: str
    timetable: str


def provider_row(placement: Placement) -> ProviderRow:
    return ProviderRow(
        pk=placement.pk,
        name=short_name(placement.pupil),
        site=placement.site.name,
        start_date=placement.start_date,
        end_date=placement.end_date,
        status=placement.get_status_display(),
        status_tag=TAG_FOR_STATUS.get(placement.status, "govuk-tag--grey"),
        timetable=timetable_summary(placement),
    )


@dataclass(frozen=True)
class Contact:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class NoteRow:
    kind: str
    kind_tag: str
    is_incident: bool
    occurred_on: dt.date
    text: str
    action_taken: str
    recorded_by: str
    recorded_at: dt.datetime


def note_rows(notes: Iterable[ProviderNote]) -> list[NoteRow]:
    return [
        NoteRow(
            kind=note.get_kind_display(),
            kind_tag=TAG_FOR_NOTE.get(note.kind, "govuk-tag--grey"),
            is_incident=note.kind == ProviderNote.Kind.INCIDENT,
            occurred_on=note.occurred_on,
            text=note.text,
            action_taken=note.action_taken,
            recorded_by=note.recorded_by.get_full_name() or note.recorded_by.email,
            recorded_at=note.created_at,
        )
        for note in notes
    ]


class PackPresenter:
    """The information pack of one placement (timetable, notes and needs prefetched)."""

    def __init__(self, placement: Placement) -> None:
        self._placement = placement
        self._pupil = placement.pupil
        self.shared = shared_fields(placement)

    # The placement's practical facts -------------------------------------------------------

    @property
    def pk(self) -> object:
        return self._placement.pk

    @property
    def name(self) -> str:
        return pupil_name(self._pupil, self.shared)

    @property
    def short_name(self) -> str:
        return short_name(self._pupil)

    @property
    def provider_name(self) -> str:
        return self._placement.site.provider.name

    @property
    def school_name(self) -> str:
        return self._pupil.school.name

    @property
    def site_name(self) -> str:
        return self._placement.site.name

    @property
    def site_address(self) -> list[str]:
        return self._placement.site.address_lines

    @property
    def status(self) -> str:
        return self._placement.get_status_display()

    @property
    def status_tag(self) -> str:
        return TAG_FOR_STATUS.get(self._placement.status, "govuk-tag--grey")

    @property
    def start_date(self) -> dt.date:
        return self._placement.start_date

    @property
    def target_end_date(self) -> dt.date | None:
        return self._placement.target_end_date

    @property
    def end_date(self) -> dt.date | None:
        return self._placement.end_date

    @property
    def transport(self) -> str:
        return self._placement.transport

    @cached_property
    def sessions(self) -> list[SessionRow]:
        return session_rows(self._placement.sessions.all())

    @cached_property
    def weekly_hours(self) -> str:
        return hours_text(self._placement.weekly_hours)

    @cached_property
    def dsl(self) -> Contact | None:
        """The quick route to the school's designated safeguarding lead (from the referral)."""
        referral = self._placement.referral
        if referral is None or not (referral.dsl_name or referral.dsl_phone or referral.dsl_email):
            return None
        return Contact(
            name=referral.dsl_name or "Designated safeguarding lead",
            role="Designated safeguarding lead",
            phone=referral.dsl_phone,
            email=referral.dsl_email,
        )

    @cached_property
    def notes(self) -> list[NoteRow]:
        return note_rows(self._placement.notes.all())

    # The fields the school chose to share --------------------------------------------------

    def shares(self, name: str) -> bool:
        return name in self.shared

    @cached_property
    def year_group(self) -> str | None:
        return f"Year {self._pupil.nc_year}" if self.shares("year_group") else None

    @cached_property
    def sen(self) -> tuple[str, list[str]] | None:
        """(provision, need types in order) when shared."""
        if not self.shares("sen"):
            return None
        provision = dict(sen_provision_choices()).get(self._pupil.sen_provision, NOT_RECORDED)
        names = dict(need_type_choices())
        needs = [names.get(need.need_type, need.need_type) for need in self._pupil.needs.all()]
        return provision, needs

    def _from_referral(self, name: str) -> str | None:
        if not self.shares(name):
            return None
        referral = self._placement.referral
        value = getattr(referral, name, "") if referral is not None else ""
        return value or NOT_RECORDED

    @cached_property
    def known_risks(self) -> str | None:
        return self._from_referral("known_risks")

    @cached_property
    def pupil_voice(self) -> str | None:
        return self._from_referral("pupil_voice")

    @cached_property
    def objectives(self) -> str | None:
        if not self.shares("objectives"):
            return None
        return self._placement.objectives or NOT_RECORDED

    @cached_property
    def attendance_contact(self) -> Contact | None:
        """The school's contact (the referrer) when shared; ``None`` when not shared."""
        if not self.shares("attendance_contact"):
            return None
        referral = self._placement.referral
        if referral is None or not (referral.referrer_name or referral.referrer_email):
            return Contact(name=NOT_RECORDED)
        return Contact(
            name=referral.referrer_name or "School contact",
            role=referral.referrer_role,
            phone=referral.referrer_phone,
            email=referral.referrer_email,
        )

    @cached_property
    def shares_anything_about_the_pupil(self) -> bool:
        return bool(self.shared - ALWAYS_SHARED - {"preferred_name", "attendance_contact"})
