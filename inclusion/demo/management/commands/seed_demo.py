"""``manage.py seed_demo``: load the fictional demo county once, then print the demo sign-ins."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from collections.abc import Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from inclusion.accounts.models import Membership, Role, User
from inclusion.attendance.models import AttendanceAlert, AttendanceMark
from inclusion.demo.authenticators import demo_key_for_people, ensure_demo_authenticators
from inclusion.demo.directory import directory_summary
from inclusion.demo.generate import (
    DEMO_PASSWORD,
    PERSONAS,
    CountySummary,
    Persona,
    build_county,
    demo_county_size,
)

# What each role may see, as a persona would put it (DESIGN.md section 5).
ROLE_SEES = {
    Role.SCHOOL_STAFF: (
        "pupils on the roll of {org}; makes referrals, sees forum agendas and its actions; "
        "the provider directory"
    ),
    Role.COORDINATOR: (
        "pupils of every school in {org}; can add and change them; triages referrals, runs "
        "Inclusion Forums and records decisions; manages the provider directory and QA visits; "
        "attendance today and its alerts"
    ),
    Role.CHAIR: (
        "pupils of every school in {org}, read only; forum agendas and decisions; the "
        "provider directory"
    ),
    Role.PROVIDER_STAFF: (
        "can edit the details of {org} and upload its evidence; the information packs of "
        "pupils placed there, and their daily register"
    ),
    Role.VIRTUAL_SCHOOL: "looked-after pupils in the care of {org}; the provider directory",
    Role.LA_OFFICER: (
        "every pupil in {org}, and the audit trail; manages the provider directory, records "
        "QA visits, sees the registration test and imports GIAS files"
    ),
    Role.GOVERNANCE: "the termly partnership report, with figures under 5 hidden; no pupil records",
    Role.SERVICE_ADMIN: "organisations, users and reference data (/admin/); no pupil records",
}
HEADERS = ("Persona", "E-mail", "Password", "What they can see and do")


def _sees(memberships: Sequence[Membership]) -> str:
    if not memberships:
        return "Not loaded yet: run manage.py seed_demo"
    if len(memberships) == 1:
        sees = ROLE_SEES[Role(memberships[0].role)].format(org=memberships[0].organisation)
        return sees[0].upper() + sees[1:]
    return "Chooses a role after signing in: " + "; or ".join(str(m) for m in memberships)


def _login_row(persona: Persona) -> tuple[str, str, str, str]:
    user = User.objects.filter(email=persona.email).first()
    memberships: list[Membership] = []
    if user is not None:
        memberships = list(
            user.memberships.filter(is_active=True)
            .select_related("school", "partnership", "provider", "local_authority")
            .order_by("role")
        )
    return persona.title, persona.email, DEMO_PASSWORD, _sees(memberships)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(len(row[i]) for row in (headers, *rows)) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        padded = (cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def logins_table() -> str:
    return format_table(HEADERS, [_login_row(persona) for persona in PERSONAS])


def _describe(summary: CountySummary) -> str:
    directory = directory_summary()
    return (
        f"{summary.partnerships} partnerships, {summary.schools} schools, "
        f"{summary.providers} providers, {summary.agencies} agencies, {summary.pupils} pupils "
        f"({summary.needs} need types, {summary.contacts} contacts), {summary.users} demo users; "
        f"directory: {directory.sites} sites, {directory.evidence} pieces of evidence "
        f"(providers lapsed: {directory.lapsed}, expiring soon: {directory.expiring}), "
        f"{directory.qa_visits} QA visits, {directory.placements} placements; "
        f"attendance: {AttendanceMark.objects.count()} marks, "
        f"{AttendanceAlert.objects.count()} alerts"
    )


class Command(BaseCommand):
    help = "Load the fictional demo county under Leicestershire (once) and print the sign-ins."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Size of the county: 1 (the default) is about 800 pupils in 55 schools.",
        )
        parser.add_argument(
            "--logins-only", action="store_true", help="Only print the demo sign-ins."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["logins_only"]:
            self._seed(options["scale"])
            ensure_demo_authenticators()
        self.stdout.write("Demo sign-ins (fictional people and pupils):\n")
        self.stdout.write(logins_table() + "\n")
        self.stdout.write(
            "\nEveryone who sees pupils' details enters a 6-digit code after the password "
            "(two-factor sign-in).\nFor the demo they share one authenticator: add the key "
            f"{demo_key_for_people()} to an authenticator app,\nor run `make demo-code` "
            "for the code now.\n"
        )

    def _seed(self, scale: float) -> None:
        try:
            size = demo_county_size(scale)
        except ValueError as error:
            raise CommandError(str(error)) from None
        started = time.monotonic()
        summary = build_county(pupils=size.pupils, schools=size.schools, providers=size.providers)
        if summary.created:
            elapsed = time.monotonic() - started
            self.stdout.write(f"Loaded the demo county in {elapsed:.1f}s: {_describe(summary)}.\n")
        else:
            self.stdout.write(f"The demo county is already loaded: {_describe(summary)}.\n")
