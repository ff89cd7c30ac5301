"""Display of the "today" page: a row for each expected session (pupil, school, provider and
site, session, state with the code) and the counts at the top."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import QueryDict

from inclusion.attendance.models import Session
from inclusion.attendance.selectors.today import (
    ABSENT,
    NOT_MARKED,
    PRESENT,
    ExpectedToday,
    TodayBoard,
)


@dataclass(frozen=True)
class Tag:
    label: str
    colour: str


STATE_TAGS = {
    PRESENT: Tag("Present", "govuk-tag--green"),
    ABSENT: Tag("Absent", "govuk-tag--red"),
    NOT_MARKED: Tag("Not marked yet", "govuk-tag--grey"),
}


@dataclass(frozen=True)
class Count:
    label: str
    number: int


@dataclass(frozen=True)
class TodayRow:
    placement_pk: uuid.UUID
    pupil_name: str
    school_name: str
    provider: str
    site: str
    session: str
    tag: Tag
    code: str  # "N: Reason not yet provided", or "" when not marked


def _code_text(item: ExpectedToday) -> str:
    if item.mark is None:
        return ""
    if item.code is None:
        return item.mark.code
    return f"{item.code.code}: {item.code.meaning}"


def row(item: ExpectedToday) -> TodayRow:
    placement = item.placement
    return TodayRow(
        placement_pk=placement.pk,
        pupil_name=placement.pupil.display_name,
        school_name=placement.pupil.school.name,
        provider=placement.site.provider.name,
        site=placement.site.name,
        session=Session(item.session).label,
        tag=STATE_TAGS[item.state],
        code=_code_text(item),
    )


def rows(board: TodayBoard) -> list[TodayRow]:
    return [row(item) for item in board.expected]


def counts(board: TodayBoard) -> list[Count]:
    return [
        Count("Sessions expected", board.total),
        Count("Present", board.counts[PRESENT]),
        Count("Absent", board.counts[ABSENT]),
        Count("Not marked yet", board.counts[NOT_MARKED]),
    ]


@dataclass(frozen=True)
class DayLink:
    text: str
    href: str


def day_links(query: QueryDict, board: TodayBoard) -> list[DayLink]:
    """Links to the school days either side, keeping the filters."""
    links = []
    for text, day in (
        ("Previous school day", board.previous_school_day),
        ("Next school day", board.next_school_day),
    ):
        if day is not None:
            params = query.copy()
            params["day"] = day.isoformat()
            links.append(DayLink(f"{text}: {day:%A} {day.day} {day:%B}", f"?{params.urlencode()}"))
    return links
