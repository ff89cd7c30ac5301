"""The co-ordinator's "today" page (issue 6, part 5): every pupil expected at a provider
today, where, and whether they are marked present, absent or not yet; counts and filters;
the calendar's gaps said plainly; a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.attendance.selectors.today import (
    ABSENT,
    NOT_MARKED,
    PRESENT,
    TodayFilters,
    today_board,
)
from inclusion.placements.models import Placement
from tests.attendance.factories_alerts import (
    AM,
    HALF_TERM,
    NO_TERMS,
    PM,
    SATURDAY,
    SCHOOL_DAY,
    mark,
    placement_for,
    pupils_placed,
)
from tests.factories import ProviderFactory, ProviderSiteFactory
from tests.helpers import assert_govuk_error, content

pytestmark = pytest.mark.django_db

TODAY_URL = reverse("attendance:today")
TUESDAY = SCHOOL_DAY.weekday()


def freeze(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> dt.date:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def board_for(county, name="coordinator", day=SCHOOL_DAY, **filters):
    return today_board(
        membership=county.memberships[name], today=day, filters=TodayFilters(**filters)
    )


def states(board) -> list[tuple[str, str, str]]:
    return [(e.placement.pupil.legal_first_name, e.session, e.state) for e in board.expected]


# Who is expected, and in what state ------------------------------------------------------------


def test_each_expected_session_with_its_state(county):
    amara = placement_for(county)  # 9 to 3: morning and afternoon
    billy = placement_for(county, pupil=county.pupil_b, ends=dt.time(12, 0))  # morning only
    mark(amara, "/", session=AM)
    mark(amara, "N", session=PM)
    board = board_for(county)
    # By last name: Hart, then Osei.
    assert states(board) == [
        ("Billy", AM, NOT_MARKED),
        ("Amara", AM, PRESENT),
        ("Amara", PM, ABSENT),
    ]
    assert board.counts == {PRESENT: 1, ABSENT: 1, NOT_MARKED: 1}
    assert board.total == 3
    assert {e.placement for e in board.expected} == {amara, billy}


def test_not_expected_today_is_left_out(county):
    placement_for(county, weekdays=(0,))  # Mondays only
    placement_for(county, pupil=county.pupil_b, start_date=SCHOOL_DAY + dt.timedelta(days=1))
    ended = placement_for(
        county,
        status="ended",
        end_date=SCHOOL_DAY - dt.timedelta(days=1),
        end_reason="completed",
    )
    assert ended.status == "ended"
    placement_for(county, status="agreed")
    assert board_for(county).expected == []


def test_scope_coordinator_partnership_la_officer_authority(county):
    placement_for(county)
    placement_for(county, pupil=county.pupil_b)
    placement_for(county, pupil=county.pupil_c_looked_after)
    coordinator = {e.placement.pupil for e in board_for(county).expected}
    officer = {e.placement.pupil for e in board_for(county, "la_officer").expected}
    assert coordinator == {county.pupil_a, county.pupil_b}
    assert officer == {county.pupil_a, county.pupil_b, county.pupil_c_looked_after}
    for name in ("school_a", "provider", "chair", "virtual_school", "governance"):
        assert board_for(county, name).expected == [], name


def test_filters_by_school_provider_and_state(county):
    amara = placement_for(county)
    elsewhere = ProviderSiteFactory.create(provider=ProviderFactory.create(name="Elm Farm"))
    billy = placement_for(county, pupil=county.pupil_b, site=elsewhere)
    mark(amara, "/", session=AM)
    by_school = board_for(county, school_id=county.school_b.pk)
    assert {e.placement for e in by_school.expected} == {billy}
    by_provider = board_for(county, provider_id=county.provider.pk)
    assert {e.placement for e in by_provider.expected} == {amara}
    present = board_for(county, state=PRESENT)
    assert [(e.placement, e.session) for e in present.expected] == [(amara, AM)]
    # The counts stay those of every state, so the filter does not hide the totals.
    assert present.counts == {PRESENT: 1, ABSENT: 0, NOT_MARKED: 3}


def test_weekend_and_half_term_are_not_school_days(county):
    placement_for(county)
    for day in (SATURDAY, HALF_TERM):
        board = board_for(county, day=day)
        assert board.school_day is False
        assert board.expected == []


def test_calendar_missing_is_reported(county):
    placement_for(county, start_date=dt.date(2029, 9, 3))
    board = board_for(county, day=NO_TERMS)
    assert board.calendar_missing is not None
    assert "2029 to 2030" in str(board.calendar_missing)
    assert board.expected == []


# The page ------------------------------------------------------------------------------------


def test_page_shows_counts_rows_and_codes(county, persona_client, monkeypatch):
    freeze(monkeypatch, SCHOOL_DAY)
    amara = placement_for(county)
    mark(amara, "N", session=AM)
    response = persona_client("coordinator").get(TODAY_URL)
    assert response.status_code == 200
    html = content(response)
    assert "3 March 2026" in html
    assert "Amara Osei" in html
    assert "Skills Barn" in html
    assert "Barn Lane" in html
    assert "N: " in html  # the code and its meaning
    assert "Not marked yet" in html
    for label in ("Sessions expected", "Present", "Absent", "Not marked yet"):
        assert label in html


def test_page_filters_by_state(county, persona_client, monkeypatch):
    freeze(monkeypatch, SCHOOL_DAY)
    amara = placement_for(county)
    placement_for(county, pupil=county.pupil_b)
    mark(amara, "/", session=AM)
    mark(amara, "/", session=PM)
    response = persona_client("la_officer").get(TODAY_URL, {"state": PRESENT})
    assert response.status_code == 200
    assert "Amara Osei" in content(response)
    assert "Billy Hart" not in content(response)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"state": "asleep"}, "Select present, absent or not marked yet"),
        ({"school": "not-a-school"}, "Select a school from the list"),
        ({"provider": "00000000-0000-0000-0000-000000000000"}, "Select a provider from the list"),
    ],
)
def test_bad_filters_say_so(county, persona_client, monkeypatch, query, message):
    freeze(monkeypatch, SCHOOL_DAY)
    placement_for(county)
    response = persona_client("coordinator").get(TODAY_URL, query)
    assert_govuk_error(response, message)
    assert "Amara Osei" not in content(response)


def test_school_of_another_partnership_is_not_a_choice(county, persona_client, monkeypatch):
    freeze(monkeypatch, SCHOOL_DAY)
    placement_for(county, pupil=county.pupil_c_looked_after)
    response = persona_client("coordinator").get(TODAY_URL, {"school": str(county.school_c.pk)})
    assert_govuk_error(response, "Select a school from the list")
    assert "Cara Nowak" not in content(response)


def test_page_on_a_weekend_says_so(county, persona_client, monkeypatch):
    freeze(monkeypatch, SATURDAY)
    placement_for(county)
    response = persona_client("coordinator").get(TODAY_URL)
    assert response.status_code == 200
    assert "Today is not a school day" in content(response)
    assert "Amara Osei" not in content(response)


def test_page_without_term_dates_says_so(county, persona_client, monkeypatch):
    freeze(monkeypatch, NO_TERMS)
    response = persona_client("la_officer").get(TODAY_URL)
    assert response.status_code == 200
    assert "The school calendar has no term for this day" in content(response)
    assert "2029 to 2030" in content(response)


def test_other_partnerships_pupils_never_appear(county, persona_client, monkeypatch):
    freeze(monkeypatch, SCHOOL_DAY)
    placement_for(county, pupil=county.pupil_c_looked_after)
    response = persona_client("coordinator").get(TODAY_URL)
    assert "Cara Nowak" not in content(response)
    assert "Sessions expected" in content(response)


def test_query_count_is_the_same_at_3_and_30_placements(county, persona_client, monkeypatch):
    freeze(monkeypatch, SCHOOL_DAY)
    client = persona_client("coordinator")
    placed: list[Placement] = []

    def queries_with(n: int) -> int:
        more = pupils_placed(county, n - len(placed))
        for index, placement in enumerate(more):
            if index % 3 == 0:
                mark(placement, "/", session=AM)
            elif index % 3 == 1:
                mark(placement, "N", session=PM)
        placed.extend(more)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(TODAY_URL)
        assert response.status_code == 200
        assert content(response).count("govuk-table__row") == 2 * n + 1
        return len(queries)

    assert queries_with(3) == queries_with(30)


# Another school day ---------------------------------------------------------------------------


def test_a_previous_school_day_is_shown_with_its_marks(county, persona_client, monkeypatch):
    freeze(monkeypatch, dt.date(2026, 3, 5))  # Thursday
    amara = placement_for(county)
    mark(amara, "I", session=AM)

    response = persona_client("coordinator").get(TODAY_URL, {"day": SCHOOL_DAY.isoformat()})

    html = content(response)
    assert response.status_code == 200
    assert "Attendance on Tuesday" in html
    assert "3 March 2026" in html
    assert "Absent" in html
    assert "Previous school day: Monday 2 March" in html
    assert "Next school day: Wednesday 4 March" in html
    assert "Back to today" in html


def test_there_is_no_link_to_a_day_after_today(county, persona_client, monkeypatch):
    freeze(monkeypatch, SCHOOL_DAY)

    html = content(persona_client("coordinator").get(TODAY_URL))

    assert "Previous school day: Monday 2 March" in html
    assert "Next school day" not in html
    assert "Back to today" not in html


def test_the_previous_school_day_skips_the_weekend_and_keeps_the_filters(
    county, persona_client, monkeypatch
):
    freeze(monkeypatch, dt.date(2026, 3, 2))  # a Monday

    html = content(persona_client("coordinator").get(TODAY_URL, {"state": ABSENT}))

    assert "?state=absent&amp;day=2026-02-27" in html  # Friday


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-30", "The day must be a real date, like 2026-03-03"),
        ("2026-03-04", "The day must be today or a day in the past"),
    ],
)
def test_a_wrong_day_says_so(county, persona_client, monkeypatch, day, message):
    freeze(monkeypatch, SCHOOL_DAY)

    response = persona_client("coordinator").get(TODAY_URL, {"day": day})

    assert_govuk_error(response, message)
