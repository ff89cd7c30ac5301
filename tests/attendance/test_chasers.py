"""Registers not marked by the cut-off (issue 6, parts 5 and 9): a chaser to the provider, then
an alert to the school's safeguarding lead and the co-ordinator, with the clock controlled.
The job is idempotent: running it again, or late, raises nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from inclusion.attendance.models import AttendanceAlert
from inclusion.attendance.services.chasers import chase_registers
from inclusion.attendance.tasks import chase_registers as chase_task
from inclusion.notifications.models import Notification
from tests.attendance.factories_alerts import (
    AM,
    HALF_TERM,
    PM,
    SATURDAY,
    SCHOOL_DAY,
    mark,
    placement_for,
)
from tests.factories import MembershipFactory, UserFactory
from tests.helpers import on_page

pytestmark = pytest.mark.django_db

Kind = AttendanceAlert.Kind


def at(hour: int, minute: int = 0, day: dt.date = SCHOOL_DAY) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def notified(county, persona: str) -> list[str]:
    membership = county.memberships[persona]
    return list(
        Notification.objects.filter(membership=membership)
        .order_by("created_at")
        .values_list("message", flat=True)
    )


def kinds() -> list[tuple[str, str]]:
    return sorted(AttendanceAlert.objects.values_list("kind", "session"))


def test_nothing_is_chased_before_the_cut_off(county):
    placement_for(county)

    done = chase_registers(now=at(10, 29))

    assert (done.chasers, done.school_alerts) == (0, 0)
    assert not AttendanceAlert.objects.exists()
    assert not Notification.objects.exists()


def test_at_the_cut_off_the_provider_is_chased_and_the_school_is_not_yet_told(county):
    placement_for(county)

    done = chase_registers(now=at(10, 30))

    assert (done.chasers, done.school_alerts) == (1, 0)
    assert kinds() == [(Kind.NOT_MARKED, AM)]
    assert notified(county, "provider") == [
        "1 of your morning registers for Tuesday 3 March is not marked yet"
    ]
    assert notified(county, "school_a") == []
    assert notified(county, "coordinator") == []


def test_still_not_marked_an_hour_after_the_cut_off_alerts_the_school_dsl_and_coordinator(county):
    placement_for(county)
    other_staff = MembershipFactory.create(
        user=UserFactory.create(), role="school_staff", school=county.school_a
    )
    chase_registers(now=at(10, 30))

    assert chase_registers(now=at(11, 29)).school_alerts == 0
    done = chase_registers(now=at(11, 30))

    assert (done.chasers, done.school_alerts) == (0, 1)
    assert kinds() == [(Kind.NOT_MARKED, AM), (Kind.NOT_MARKED_SCHOOL, AM)]
    message = "A register at Skills Barn is still not marked after a reminder"
    assert notified(county, "school_a") == [message]  # the school's DSL
    assert notified(county, "coordinator") == [message]
    assert not Notification.objects.filter(membership=other_staff).exists()
    assert notified(county, "school_b") == []
    assert len(notified(county, "provider")) == 1  # the chaser only


def test_running_again_raises_and_sends_nothing_twice(county):
    placement_for(county)
    for minute in (30, 35, 40):
        chase_registers(now=at(10, minute))
    for minute in (30, 35):
        chase_registers(now=at(11, minute))

    assert kinds() == [(Kind.NOT_MARKED, AM), (Kind.NOT_MARKED_SCHOOL, AM)]
    assert Notification.objects.count() == 3  # provider, school DSL, co-ordinator


def test_a_marked_session_is_not_chased(county):
    placement = placement_for(county)
    mark(placement, "/", session=AM)

    assert chase_registers(now=at(12, 0)).chasers == 0
    assert not AttendanceAlert.objects.exists()


def test_marking_after_the_chaser_stops_the_school_alert(county):
    placement = placement_for(county)
    chase_registers(now=at(10, 30))
    mark(placement, "/", session=AM)

    assert chase_registers(now=at(11, 45)).school_alerts == 0
    assert kinds() == [(Kind.NOT_MARKED, AM)]


def test_the_afternoon_is_chased_at_its_own_cut_off(county):
    placement = placement_for(county)
    mark(placement, "/", session=AM)

    assert chase_registers(now=at(14, 29)).chasers == 0
    assert chase_registers(now=at(14, 30)).chasers == 1
    assert kinds() == [(Kind.NOT_MARKED, PM)]
    assert "afternoon" in notified(county, "provider")[0]


def test_a_late_first_run_chases_first_and_alerts_the_school_on_the_next_run(county):
    placement_for(county)

    first = chase_registers(now=at(12, 0))  # the worker was not running at 10:30
    second = chase_registers(now=at(12, 5))

    assert (first.chasers, first.school_alerts) == (1, 0)
    assert (second.chasers, second.school_alerts) == (0, 1)


def test_the_cut_off_and_the_wait_are_settings(county, settings):
    settings.ATTENDANCE_CUTOFF_AM = dt.time(9, 45)
    settings.ATTENDANCE_SCHOOL_ALERT_AFTER_MINUTES = 15
    placement_for(county)

    assert chase_registers(now=at(9, 45)).chasers == 1
    assert chase_registers(now=at(10, 0)).school_alerts == 1


@pytest.mark.parametrize("day", [SATURDAY, HALF_TERM])
def test_no_chasers_on_days_that_are_not_school_days(county, day):
    placement_for(county)

    assert chase_registers(now=at(15, 0, day)).chasers == 0


def test_only_sessions_on_the_timetable_are_chased(county):
    placement_for(county, weekdays=(0,))  # Mondays only; SCHOOL_DAY is a Tuesday
    placement_for(county, pupil=county.pupil_b, starts=dt.time(13, 0), ends=dt.time(15, 0))

    chase_registers(now=at(15, 0))

    assert kinds() == [(Kind.NOT_MARKED, PM)]


def test_the_chaser_and_the_alert_e_mails_carry_no_names(
    county, django_capture_on_commit_callbacks
):
    placement_for(county)
    with django_capture_on_commit_callbacks(execute=True):
        chase_registers(now=at(10, 30))
        chase_registers(now=at(11, 30))

    assert len(mail.outbox) == 3
    for sent in mail.outbox:
        text = f"{sent.subject}\n{sent.body}"
        assert "Amara" not in text
        assert "Osei" not in text


def test_the_school_sees_the_school_alert_but_not_the_providers_chaser(county, persona_client):
    placement_for(county)
    chase_registers(now=at(10, 30))
    chase_registers(now=at(11, 30))

    page = persona_client("school_a").get(reverse("attendance:alerts"))

    assert page.status_code == 200
    assert on_page(page, "Still not marked after the chaser")
    assert not on_page(page, "Not marked by the cut-off")


def test_the_worker_runs_a_queued_chase_with_the_clock_given(county, run_worker_once):
    placement_for(county)
    chase_task.enqueue(at=at(10, 30).isoformat())
    chase_task.enqueue(at=at(11, 30).isoformat())

    run_worker_once()

    assert kinds() == [(Kind.NOT_MARKED, AM), (Kind.NOT_MARKED_SCHOOL, AM)]


def test_the_school_alerts_read_their_recipients_once_whatever_the_number_of_schools(county):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from inclusion.attendance.services.marks import notify_commissioners

    one = [placement_for(county)]
    three = [
        *one,
        placement_for(county, pupil=county.pupil_b),
        placement_for(county, pupil=county.pupil_c_looked_after),
    ]
    with CaptureQueriesContext(connection) as first:
        notify_commissioners(one, "Fictional message about {provider}")
    with CaptureQueriesContext(connection) as second:
        notify_commissioners(three, "Fictional message about {provider}")

    assert len(second.captured_queries) == len(first.captured_queries)
    assert notified(county, "school_b") == ["Fictional message about Skills Barn"]
