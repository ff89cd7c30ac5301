"""How placements are shown: status tags, the summary, the timetable with hours and costs, the
guards as a task list, the actions a membership may take, list rows and the pupil page's
section. Display logic only: the guards decide, this says what they decided."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import NoReverseMatch, reverse

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership
from inclusion.placements import costs, lifecycle
from inclusion.placements.hours import (
    COUNTED_STATUSES,
    CURRENT_STATUSES,
    FULL_TIME_HOURS,
    counted_hours,
    is_part_time,
)
from inclusion.placements.models import Placement, PlacementSession
from inclusion.placements.presenters.pack import PACK_FIELDS, clock, hours_text
from inclusion.placements.services import guards
from inclusion.placements.services.placements import may_record_virtual_school

Status = Placement.Status

STATUS_COLOURS: dict[str, str] = {
    Status.PROPOSED: "govuk-tag--yellow",
    Status.AGREED: "govuk-tag--blue",
    Status.ACTIVE: "govuk-tag--green",
    Status.ENDED: "govuk-tag--grey",
}
NOT_SET = "Not set"
NOT_AVAILABLE = "Not available: the school calendar has no term dates for this term"


@dataclass(frozen=True)
class Tag:
    label: str
    colour: str


def status_tag(status: str) -> Tag:
    return Tag(Status(status).label, STATUS_COLOURS.get(status, "govuk-tag--grey"))


def money(amount: Decimal | None) -> str:
    return NOT_SET if amount is None else f"£{amount:,.2f}"


def _url(name: str, **kwargs: object) -> str:
    """The address of a page another part of the service may not have built yet: blank then."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _who(user: object) -> str:
    return str(user) if user is not None else "someone"


# The timetable and costs -----------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRow:
    pk: uuid.UUID
    day: str
    times: str
    hours: str


def session_rows(sessions: Iterable[PlacementSession]) -> list[SessionRow]:
    return [
        SessionRow(
            pk=session.pk,
            day=session.get_weekday_display(),
            times=f"{clock(session.starts_at)} to {clock(session.ends_at)}",
            hours=hours_text(session.hours),
        )
        for session in sessions
    ]


@dataclass(frozen=True)
class Costs:
    price: str
    weekly: str
    termly: str


def costs_of(
    placement: Placement, sessions: Sequence[PlacementSession], term_days: int | None
) -> Costs:
    """The price, weekly and termly cost (``term_days``: school days in the current term, or
    None when the calendar cannot say)."""
    weekdays = [session.weekday for session in sessions]
    price, unit = placement.price, placement.price_unit
    if price is None or not unit:
        return Costs(NOT_SET, NOT_SET, NOT_SET)
    weekly = costs.weekly_cost(price, unit, weekdays)
    termly = (
        NOT_AVAILABLE
        if term_days is None
        else f"{money(costs.termly_cost(price, unit, weekdays, term_days))} "
        f"({costs.school_weeks(term_days).normalize():f} school weeks this term)"
    )
    return Costs(f"{money(price)} {placement.get_price_unit_display()}", money(weekly), termly)


# The guards as a task list -----------------------------------------------------------------


@dataclass(frozen=True)
class GuardTask:
    key: str
    name: str
    tag: Tag
    hint: str = ""
    link_url: str = ""
    link_text: str = ""


DONE = Tag("Done", "govuk-tag--green")
CLEAR = Tag("Nothing in the way", "govuk-tag--green")
BLOCKS_AGREEMENT = Tag("Stops it being agreed", "govuk-tag--red")
BLOCKS_START = Tag("Stops it starting", "govuk-tag--red")
OVERRIDDEN = Tag("Overridden", "govuk-tag--blue")
CHECKED = Tag("Checked when agreed", "govuk-tag--grey")


def _registration_task(placement: Placement, today: dt.date) -> GuardTask:
    name = "Registration test"
    if placement.status != Status.PROPOSED:
        hint = (
            f"Agreed despite the test: {placement.registration_override_reason}"
            if placement.registration_override_reason
            else ""
        )
        return GuardTask("registration", name, CHECKED, hint)
    refused = guards.registration_guard(placement, today)
    if refused:
        return GuardTask("registration", name, BLOCKS_AGREEMENT, refused)
    if placement.registration_override_reason:
        return GuardTask(
            "registration",
            name,
            OVERRIDDEN,
            f"Reason recorded by {_who(placement.registration_override_by)}: "
            f"{placement.registration_override_reason}",
        )
    return GuardTask("registration", name, CLEAR, "The provider would not meet the test")


def _compliance_task(placement: Placement, today: dt.date, membership: Membership) -> GuardTask:
    name = "Provider compliance"
    provider = placement.site.provider.name
    if placement.compliance_override_reason:
        return GuardTask(
            "compliance",
            name,
            OVERRIDDEN,
            f"Overridden by {_who(placement.compliance_override_by)}: "
            f"{placement.compliance_override_reason}",
        )
    if placement.status != Status.PROPOSED:
        return GuardTask("compliance", name, CHECKED)
    if guards.compliance_guard(placement, today) is None:
        return GuardTask("compliance", name, CLEAR, f"{provider}'s compliance has not lapsed")
    may_override = can(membership, "placements.override_compliance")
    return GuardTask(
        "compliance",
        name,
        BLOCKS_AGREEMENT,
        f"{provider}'s compliance evidence has lapsed: a local authority officer may override "
        "this with a reason",
        _url("placements:override_compliance", pk=placement.pk) if may_override else "",
        "Override the lapsed compliance",
    )


def _risk_task(placement: Placement, today: dt.date, membership: Membership) -> GuardTask:
    name = "Standard Risk Assessment"
    if placement.status in (Status.ACTIVE, Status.ENDED):
        linked = placement.risk_assessment
        return GuardTask("risk", name, DONE, f"Version {linked.version} signed" if linked else "")
    refused = guards.risk_assessment_guard(placement, today)
    link = ""
    if can(membership, "placements.view_risk_assessment"):
        link = _url("placements:risk_list", pupil_pk=placement.pupil_id)
    if refused:
        return GuardTask("risk", name, BLOCKS_START, refused, link, "See the risk assessments")
    return GuardTask("risk", name, DONE, "Signed off and in date", link, "See the risk assessments")


def _virtual_school_task(placement: Placement, membership: Membership) -> GuardTask:
    name = "Virtual School"
    if placement.virtual_school_step:
        when = placement.virtual_school_recorded_at
        return GuardTask(
            "virtual_school",
            name,
            DONE,
            f"{placement.get_virtual_school_step_display()}, recorded by "
            f"{_who(placement.virtual_school_recorded_by)}"
            + (f" on {when:%-d %B %Y}" if when else ""),
        )
    refused = guards.virtual_school_guard(placement) or ""
    may_record = placement.status != Status.ENDED and may_record_virtual_school(
        membership, placement.pupil
    )
    return GuardTask(
        "virtual_school",
        name,
        BLOCKS_START,
        refused,
        _url("placements:virtual_school", pk=placement.pk) if may_record else "",
        "Record the Virtual School step",
    )


def guard_tasks(placement: Placement, today: dt.date, membership: Membership) -> list[GuardTask]:
    """Each guard that applies to the placement, with what it says now."""
    tasks = [
        _registration_task(placement, today),
        _compliance_task(placement, today, membership),
    ]
    if placement.programme_management:
        tasks.append(_risk_task(placement, today, membership))
    if guards.virtual_school_step_needed(placement.pupil):
        tasks.append(_virtual_school_task(placement, membership))
    return tasks


# Actions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    secondary: bool = False


def may_change(placement: Placement, membership: Membership) -> bool:
    return can(membership, lifecycle.CHANGE_RULE, placement)


def move_actions(placement: Placement, membership: Membership) -> list[Action]:
    """A button for each move the lifecycle allows from here, if the membership may make it."""
    if not may_change(placement, membership):
        return []
    actions = []
    for to, _rule in lifecycle.allowed_moves(placement.status):
        move = lifecycle.move_for(placement.status, to)
        if move is not None:
            url = reverse("placements:transition", kwargs={"pk": placement.pk, "to": to})
            actions.append(Action(move.button, url, secondary=to == Status.ENDED))
    return actions


# The placement page ------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str
    value: str = ""
    url: str = ""
    items: Sequence[str] = ()


@dataclass(frozen=True)
class HistoryEntry:
    tag: Tag
    at: dt.datetime
    who: str
    note: str


def _summary(placement: Placement) -> list[Row]:
    p = placement
    rows = [
        Row("Pupil", p.pupil.display_name, reverse("pupils:detail", kwargs={"pk": p.pupil_id})),
        Row("School on roll", p.pupil.school.name),
        Row("Provider and site", f"{p.site.provider.name}: {p.site.name}, {p.site.town}"),
        Row(
            "Dual registered",
            "Yes: the school enters D for the sessions there" if p.dual_registered else "No",
        ),
        Row(
            "Commissioned by",
            p.get_commissioner_display()
            + (" (Tier 4 Programme Management)" if p.programme_management else ""),
        ),
    ]
    if p.referral_id and p.referral is not None:
        rows.append(
            Row(
                "Referral",
                p.referral.reference,
                reverse("referrals:detail", kwargs={"pk": p.referral_id}),
            )
        )
    rows += [
        Row("Ofsted category", p.get_category_display() or NOT_SET),
        Row("Purpose", p.purpose or NOT_SET),
        Row("Objectives", p.objectives or NOT_SET),
        Row("Start date", f"{p.start_date:%-d %B %Y}"),
        Row(
            "Target end date",
            f"{p.target_end_date:%-d %B %Y}" if p.target_end_date else NOT_SET,
        ),
    ]
    if p.status == Status.ENDED:
        ended = f"{p.end_date:%-d %B %Y}" if p.end_date else NOT_SET
        reason = p.get_end_reason_display() or "Did not go ahead"
        rows.append(Row("Ended", f"{ended}: {reason}"))
    rows.append(Row("Transport", p.transport or "None recorded"))
    rows.append(Row("Agreed suspension procedure", p.suspension_procedure or "None recorded"))
    shared = [PACK_FIELDS[name] for name in PACK_FIELDS if name in (p.pack_fields or [])]
    rows.append(Row("Shared with the provider", "" if shared else "Nothing chosen", items=shared))
    if p.commissioner == Placement.Commissioner.SCHOOL:
        rows.append(Row("The school's commissioning agreement", p.commissioning_agreement))
    return rows


class PlacementPresenter:
    """One placement's page (sessions and history prefetched)."""

    def __init__(
        self,
        placement: Placement,
        *,
        membership: Membership,
        today: dt.date,
        term_days: int | None,
    ) -> None:
        self.placement = placement
        self.sessions = list(placement.sessions.all())
        self.tag = status_tag(placement.status)
        self.summary = _summary(placement)
        self.session_rows = session_rows(self.sessions)
        self.hours = hours_text(sum((s.hours for s in self.sessions), Decimal(0)))
        self.costs = costs_of(placement, self.sessions, term_days)
        self.tasks = guard_tasks(placement, today, membership)
        self.actions = move_actions(placement, membership)
        changeable = may_change(placement, membership)
        self.may_edit = changeable and placement.status in lifecycle.EDITABLE_STATUSES
        self.may_change_timetable = changeable and placement.status in lifecycle.TIMETABLE_STATUSES
        self.history = [
            HistoryEntry(status_tag(row.status), row.at, _who(row.actor), row.note)
            for row in reversed(list(placement.history.all()))
        ]

    @property
    def title(self) -> str:
        p = self.placement
        return f"Placement at {p.site.provider.name} from {p.start_date:%-d %B %Y}"


# Lists -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    pk: uuid.UUID
    pupil_name: str
    school_name: str
    provider: str
    category: str
    tag: Tag
    start_date: dt.date
    hours: str
    tier_4: bool


def list_rows(placements: Iterable[Placement]) -> list[ListRow]:
    return [
        ListRow(
            pk=p.pk,
            pupil_name=p.pupil.display_name,
            school_name=p.pupil.school.name,
            provider=f"{p.site.provider.name}: {p.site.name}",
            category=f"({p.category})" if p.category else "",
            tag=status_tag(p.status),
            start_date=p.start_date,
            hours=hours_text(p.weekly_hours),
            tier_4=p.programme_management,
        )
        for p in placements
    ]


# A pupil's placements ----------------------------------------------------------------------


@dataclass(frozen=True)
class PupilRow:
    pk: uuid.UUID
    provider: str
    tag: Tag
    start_date: dt.date
    end_date: dt.date | None
    hours: str
    counted: bool


@dataclass
class PupilPlacements:
    """A pupil's placements against full time (sessions prefetched)."""

    rows: list[PupilRow]
    total: Decimal
    full_time: Decimal = FULL_TIME_HOURS
    part_time: bool = False
    agreed_review_on: dt.date | None = None
    review_overdue: bool = False
    ended: list[PupilRow] = field(default_factory=list)

    @property
    def total_text(self) -> str:
        return f"{hours_text(self.total)} of {hours_text(self.full_time)} a week"

    @property
    def needs_agreement(self) -> bool:
        return self.part_time and self.agreed_review_on is None


def _pupil_row(p: Placement) -> PupilRow:
    return PupilRow(
        pk=p.pk,
        provider=f"{p.site.provider.name}: {p.site.name}",
        tag=status_tag(p.status),
        start_date=p.start_date,
        end_date=p.end_date,
        hours=hours_text(p.weekly_hours),
        counted=p.status in COUNTED_STATUSES,
    )


def pupil_placements(placements: Sequence[Placement], today: dt.date) -> PupilPlacements:
    """Current placements first, then ended ones; the total of the agreed and active."""
    current = [p for p in placements if p.status in CURRENT_STATUSES]
    counted = [p for p in current if p.status in COUNTED_STATUSES]
    part_time = is_part_time(counted)
    reviews = [p.part_time_review_on for p in counted]
    agreed = min(reviews) if part_time and all(reviews) else None  # type: ignore[type-var]
    return PupilPlacements(
        rows=[_pupil_row(p) for p in current],
        total=counted_hours(counted),
        part_time=part_time,
        agreed_review_on=agreed,
        review_overdue=agreed is not None and agreed < today,
        ended=[_pupil_row(p) for p in placements if p.status == Status.ENDED],
    )
