"""Permission-matrix entries for Inclusion Forums: meetings, agendas, attendance, decisions,
minutes, "My actions" and the public dates and calendar feeds."""

from __future__ import annotations

from typing import Any

from tests.conftest import County
from tests.forums.factories import accepted_referral, decided, make_meeting, schedule
from tests.matrix import PUBLIC, Entry, statuses

# Everyone who may see the partnership's forums: its co-ordinator and chair, staff of its
# schools, and LA officers.
VIEWERS = statuses(404, school_a=200, school_b=200, coordinator=200, chair=200, la_officer=200)
MANAGERS = statuses(404, coordinator=200, la_officer=200)
AGENDA = statuses(404, coordinator=200)
ATTENDANCE = statuses(404, coordinator=200, chair=200, la_officer=200)
DECIDERS = statuses(404, coordinator=200, chair=200)
ACTION_READERS = statuses(200, governance=404, service_admin=404)


def _coordinator(county: County) -> Any:
    return county.memberships["coordinator"].user


def forthcoming(county: County) -> dict[str, Any]:
    return {"pk": make_meeting(partnership=county.partnership, by=_coordinator(county)).pk}


def held(county: County) -> dict[str, Any]:
    meeting = make_meeting(partnership=county.partnership, by=_coordinator(county), days_ahead=-1)
    return {"pk": meeting.pk}


def forthcoming_item(county: County) -> dict[str, Any]:
    meeting = make_meeting(partnership=county.partnership, by=_coordinator(county))
    return {"pk": schedule(meeting, accepted_referral(county), _coordinator(county)).pk}


def undecided_item(county: County) -> dict[str, Any]:
    meeting = make_meeting(partnership=county.partnership, by=_coordinator(county), days_ahead=-1)
    return {"pk": schedule(meeting, accepted_referral(county), _coordinator(county)).pk}


def minuted(county: County) -> dict[str, Any]:
    meeting, *_ = decided(county)
    return {"pk": meeting.pk}


def school_a_action(county: County) -> dict[str, Any]:
    *_, action = decided(county)
    return {"pk": action.pk}


def partnership(county: County) -> dict[str, Any]:
    forthcoming(county)
    return {"partnership_pk": county.partnership.pk}


ENTRIES: dict[str, Entry] = {
    "forums:list": Entry(VIEWERS),
    "forums:create": Entry(MANAGERS),
    "forums:detail": Entry(VIEWERS, forthcoming),
    "forums:edit": Entry(MANAGERS, forthcoming),
    "forums:cancel": Entry(MANAGERS, forthcoming),
    "forums:attendance": Entry(ATTENDANCE, held),
    "forums:schedule": Entry(AGENDA, forthcoming),
    # POST only: a GET is refused before anything is looked up.
    "forums:agenda_move": Entry(statuses(405), forthcoming_item),
    "forums:agenda_remove": Entry(AGENDA, forthcoming_item),
    "forums:decide": Entry(DECIDERS, undecided_item),
    "forums:minutes": Entry(VIEWERS, minuted),
    "forums:minutes_pdf": Entry(VIEWERS, minuted),
    "forums:my_actions": Entry(ACTION_READERS),
    # Only those whose list holds the action (here owned by school_a's school) reach it.
    "forums:action_done": Entry(statuses(404, school_a=200), school_a_action),
    "forums:public_dates": Entry(PUBLIC, partnership),
    "forums:ical": Entry(PUBLIC, partnership),
    "forums:ical_all": Entry(PUBLIC),
}
