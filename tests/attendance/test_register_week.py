"""A week for up to 60 pupils (600 marks) saved in one submit, with bulk writes: the number of
queries does not grow with the number of pupils."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.attendance.models import AttendanceMark
from tests.attendance.factories_register import WEEK, freeze, many_placements, week_marks

FRIDAY_EVENING = dt.datetime.combine(WEEK[4], dt.time(17, 0))
WEEK_URL = reverse("attendance:register_week", kwargs={"monday": WEEK[0].isoformat()})


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    return freeze(monkeypatch, FRIDAY_EVENING)


INSERT_MARKS = 'INSERT INTO "attendance_attendancemark"'


def _save_week(client, placements) -> tuple[int, int]:
    """(queries other than inserting marks, batches of marks inserted)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(WEEK_URL, week_marks(placements, WEEK))
    assert response.status_code == 302, response.content.decode()[:2000]
    inserts = [q for q in queries.captured_queries if q["sql"].startswith(INSERT_MARKS)]
    return len(queries) - len(inserts), len(inserts)


def _most_rows_a_batch() -> int:
    fields = AttendanceMark._meta.concrete_fields
    return connection.ops.bulk_batch_size(list(fields), [AttendanceMark()] * 1000)


def _page(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(WEEK_URL).status_code == 200
    return len(queries)


def test_sixty_pupils_for_a_week_in_one_submit_in_bounded_queries(county, persona_client):
    client = persona_client("provider")
    few = many_placements(county, 5)
    small = _save_week(client, few)
    small_page = _page(client)
    assert AttendanceMark.objects.count() == 50
    AttendanceMark.objects.all().delete()

    many = few + many_placements(county, 55)
    large = _save_week(client, many)
    assert AttendanceMark.objects.count() == 600
    # The same queries whatever the number of pupils; the marks go in bulk inserts (one on
    # PostgreSQL; SQLite splits them into batches by its limit on query parameters).
    assert large[0] == small[0], (small, large)
    assert small[1] == 1
    assert large[1] == -(-600 // _most_rows_a_batch())
    assert _page(client) == small_page


def test_mark_all_present_fills_every_started_unmarked_session(county, persona_client):
    client = persona_client("provider")
    placements = many_placements(county, 3)
    response = client.post(WEEK_URL, {"action": "all_present", "changed_reason": ""})
    assert response.status_code == 302
    assert AttendanceMark.objects.count() == 30
    assert set(AttendanceMark.objects.values_list("session", "code")) == {("am", "/"), ("pm", "\\")}
    assert {m.placement_id for m in AttendanceMark.objects.all()} == {p.pk for p in placements}
