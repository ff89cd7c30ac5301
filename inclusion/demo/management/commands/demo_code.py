"""``manage.py demo_code``: the demo authenticator's code now (demo data only)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inclusion.demo.authenticators import demo_code_now, demo_key_for_people


class Command(BaseCommand):
    help = "Print the demo authenticator's current 6-digit code (it changes every 30 seconds)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{demo_code_now()}\n")
        if options["verbosity"] > 1:
            self.stdout.write(f"(demo key: {demo_key_for_people()})\n")
