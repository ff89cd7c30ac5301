"""The background worker: queues periodic jobs when they are due and runs queued tasks.

``manage.py worker`` runs until stopped (``make run`` starts it beside the web server);
``manage.py worker --once`` queues what is due, runs every ready task and exits (for cron or a
test). Tasks are ``django_tasks`` tasks stored by the database backend, so the worker works on
SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import signal
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from inclusion.jobs.schedule import queue_due


def fresh_connections() -> None:
    """Drop unusable or expired database connections between jobs, as a request does; never
    inside a transaction (a test's), whose connection must stay open."""
    if not connection.in_atomic_block:
        close_old_connections()


class Command(BaseCommand):
    help = "Queue periodic jobs when due and run queued background tasks."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run what is due, then exit.")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="Seconds between looks for tasks."
        )
        parser.add_argument(
            "--tick", type=float, default=60.0, help="Seconds between looks for due periodic jobs."
        )

    def handle(self, *args: Any, once: bool, interval: float, tick: float, **options: Any) -> None:
        self.running = True
        self.worker_id = f"worker-{get_random_string(12)}"
        if once:
            self._cycle()
            return
        signal.signal(signal.SIGINT, self._stop)
        signal.signal(signal.SIGTERM, self._stop)
        self.stdout.write(f"Background worker {self.worker_id} started.")
        last_tick = 0.0
        while self.running:
            if time.monotonic() - last_tick >= tick:
                last_tick = time.monotonic()
                self._queue_due()
            self._run_ready()
            if self.running:
                time.sleep(interval)
        self.stdout.write("Background worker stopped.")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.running = False

    def _cycle(self) -> None:
        self._queue_due()
        self._run_ready()

    def _queue_due(self) -> None:
        fresh_connections()
        for name in queue_due():
            self.stdout.write(f"Queued {name}")

    def _run_ready(self) -> None:
        """Run every ready task, then return."""
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        worker.run()
        fresh_connections()
