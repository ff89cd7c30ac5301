"""The periodic-job schedule: each job queued once per interval, however many workers ask."""

from __future__ import annotations

import datetime as dt

import pytest
from django_tasks_db.models import DBTaskResult

from inclusion.jobs.models import PeriodicRun
from inclusion.jobs.schedule import SCHEDULE, Periodic, claim, queue_due

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 3, 10, 30, tzinfo=dt.UTC)
EVERY_FIVE = Periodic(
    "test.job", "inclusion.attendance.tasks.chase_registers", dt.timedelta(minutes=5)
)


def test_a_job_is_claimed_once_per_interval():
    assert claim(EVERY_FIVE, T0)
    assert not claim(EVERY_FIVE, T0)
    assert not claim(EVERY_FIVE, T0 + dt.timedelta(minutes=4, seconds=59))
    assert claim(EVERY_FIVE, T0 + dt.timedelta(minutes=5))
    assert PeriodicRun.objects.get().last_queued_at == T0 + dt.timedelta(minutes=5)


def test_queue_due_queues_each_due_job_once():
    queued: list[str] = []

    first = queue_due(T0, [EVERY_FIVE], enqueue=queued.append)
    again = queue_due(T0 + dt.timedelta(minutes=1), [EVERY_FIVE], enqueue=queued.append)

    assert (first, again) == (["test.job"], [])
    assert queued == [EVERY_FIVE.task]


def test_every_scheduled_task_exists_and_is_queued_by_the_worker(run_worker_once):
    run_worker_once()

    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == {job.task for job in SCHEDULE}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    run_worker_once()
    assert DBTaskResult.objects.count() == len(SCHEDULE)  # not due again yet
