"""Display of the attendance alerts list: a tag for each kind, the session's name, the pupil,
the provider and how old the alert is."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from inclusion.attendance.models import AttendanceAlert, Session

Kind = AttendanceAlert.Kind

KIND_COLOURS: dict[str, str] = {
    Kind.ABSENCE: "govuk-tag--orange",
    Kind.CONSECUTIVE: "govuk-tag--red",
    Kind.NOT_MARKED: "govuk-tag--yellow",
    Kind.NOT_MARKED_SCHOOL: "govuk-tag--red",
}


@dataclass(frozen=True)
class Tag:
    label: str
    colour: str


def kind_tag(kind: str) -> Tag:
    return Tag(Kind(kind).label, KIND_COLOURS.get(kind, "govuk-tag--grey"))


def age_text(day: dt.date, today: dt.date) -> str:
    """How long ago the alert's session was: "Today", "1 day", "12 days"."""
    days = (today - day).days
    if days <= 0:
        return "Today"
    return f"{days} day{'s' if days != 1 else ''}"


@dataclass(frozen=True)
class AlertRow:
    pk: uuid.UUID
    tag: Tag
    date: dt.date
    session: str
    pupil_name: str
    provider: str
    age: str
    acknowledged: bool
    acknowledged_by: str
    acknowledged_at: dt.datetime | None
    action_taken: str


def alert_row(alert: AttendanceAlert, *, today: dt.date) -> AlertRow:
    placement = alert.placement
    by = alert.acknowledged_by
    return AlertRow(
        pk=alert.pk,
        tag=kind_tag(alert.kind),
        date=alert.date,
        session=Session(alert.session).label,
        pupil_name=placement.pupil.display_name,
        provider=f"{placement.site.provider.name}: {placement.site.name}",
        age=age_text(alert.date, today),
        acknowledged=alert.acknowledged_at is not None,
        acknowledged_by=(by.get_full_name() or by.email) if by is not None else "",
        acknowledged_at=alert.acknowledged_at,
        action_taken=alert.action_taken,
    )


@dataclass(frozen=True)
class AlertSections:
    open: list[AlertRow]
    acknowledged: list[AlertRow]


def sections(alerts: Iterable[AttendanceAlert], *, today: dt.date) -> AlertSections:
    rows = [alert_row(alert, today=today) for alert in alerts]
    return AlertSections(
        open=[row for row in rows if not row.acknowledged],
        acknowledged=[row for row in rows if row.acknowledged],
    )
