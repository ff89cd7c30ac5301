"""Locust users for the load run (``bench/load.py``): people of mixed personas browsing their pages.

The harness writes a plan (``LOAD_PLAN``, JSON): one entry per simulated person with a signed-in
session and the pages that persona uses. Each Locust user takes the next entry and, with a
pause of one to three seconds between pages, opens one of them at random. A response other than
2xx or 3xx, or a redirect to sign-in, counts as an error.
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

PLAN: dict[str, Any] = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
PEOPLE = itertools.cycle(PLAN["people"])
SIGNED_OUT = "/account/"  # sign-in, two-factor and choosing a role all live under it


class Person(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        person = next(PEOPLE)
        self.persona: str = person["persona"]
        self.pages: list[list[str]] = person["pages"]
        self.headers = {"Cookie": f"{PLAN['cookie']}={person['session']}"}

    @task
    def browse(self) -> None:
        name, path = random.choice(self.pages)
        with self.client.get(
            path,
            headers=self.headers,
            name=f"{self.persona}: {name}",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code >= 400 or response.status_code < 200:
                response.failure(f"HTTP {response.status_code}")
            elif SIGNED_OUT in location:
                response.failure(f"redirected to {location}")
            else:
                response.success()
