"""The register benchmark: the server time to save a week of marks for 60 pupils (600 marks).

A provider of its own ("Bench Register Barn") is added to the bench database once, with 60
pupils placed every weekday morning and afternoon and one member of staff. Each timed save posts
the whole week grid for the last full school week before today through Django's test client
(in-process, so the time is the server's: the view, the checks, the bulk writes, the audit event
and the alerts); ten absences in the week raise their alerts and notifications as they would for
real. Between saves the marks, alerts and notifications are deleted (not timed), so every save
writes 600 new marks.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass
from typing import Any

PUPILS = 60
PROVIDER = "Bench Register Barn"
STAFF_EMAIL = "register.bench@demo.inclusion.example"
ABSENT_PUPILS = 10  # each absent on the Wednesday morning


@dataclass(frozen=True)
class SaveTiming:
    marks: int
    runs: int
    median_ms: float
    p95_ms: float
    queries: int


def _week() -> dt.date:
    """The Monday of the last full school week (five school days) before today."""
    from django.utils import timezone

    from inclusion.calendar.days import calendar_for
    from inclusion.demo.generate import home_authority

    calendar = calendar_for(home_authority())
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    if monday + dt.timedelta(days=4) >= today:
        monday -= dt.timedelta(weeks=1)
    while not all(calendar.is_school_day(monday + dt.timedelta(days=n)) for n in range(5)):
        monday -= dt.timedelta(weeks=1)
    return monday


def _provider_staff(monday: dt.date) -> Any:
    """The bench provider's staff membership, creating the provider and its pupils once."""
    from inclusion.accounts.models import Membership, Role, User
    from inclusion.demo.generate import home_authority
    from inclusion.placements.models import Placement, PlacementSession
    from inclusion.providers.models import Provider, ProviderSite
    from inclusion.pupils.models import Pupil

    existing = Membership.objects.filter(user__email=STAFF_EMAIL).select_related("user").first()
    if existing is not None:
        return existing
    provider = Provider.objects.create(
        name=PROVIDER,
        registration=Provider.Registration.UNREGISTERED,
        local_authority=home_authority(),
    )
    site = ProviderSite.objects.create(
        provider=provider,
        name="Main site",
        address_line_1="1 Bench Lane",
        town="Loughborough",
        postcode="LE11 1AA",
    )
    user = User.objects.create_user(email=STAFF_EMAIL, password=None, full_name="Bench Register")
    membership = Membership.objects.create(user=user, role=Role.PROVIDER_STAFF, provider=provider)
    pupils = list(
        Pupil.objects.filter(placements__isnull=True)
        .select_related("school")
        .order_by("upn")[:PUPILS]
    )
    placements = Placement.objects.bulk_create(
        Placement(
            pupil=pupil,
            site=site,
            school=pupil.school,
            partnership=pupil.school.partnership,
            status=Placement.Status.ACTIVE,
            start_date=monday - dt.timedelta(weeks=4),
        )
        for pupil in pupils
    )
    PlacementSession.objects.bulk_create(
        PlacementSession(
            placement=placement, weekday=day, starts_at=dt.time(9), ends_at=dt.time(15)
        )
        for placement in placements
        for day in range(5)
    )
    return Membership.objects.select_related("user").get(pk=membership.pk)


def _week_post(membership: Any, monday: dt.date) -> dict[str, str]:
    from inclusion.attendance.models import Session
    from inclusion.attendance.presenters.register import field_key
    from inclusion.placements.models import Placement

    wednesday = monday + dt.timedelta(days=2)
    placements = Placement.objects.filter(site__provider_id=membership.provider_id).order_by("pk")
    data = {"action": "save"}
    for index, placement in enumerate(placements):
        for n in range(5):
            day = monday + dt.timedelta(days=n)
            absent = index < ABSENT_PUPILS and day == wednesday
            data[field_key(placement.pk, day, Session.AM.value)] = "O" if absent else "/"
            data[field_key(placement.pk, day, Session.PM.value)] = "\\"
    return data


def _clear(membership: Any) -> None:
    from inclusion.attendance.models import AttendanceAlert, AttendanceMark
    from inclusion.notifications.models import Notification

    AttendanceMark.objects.filter(placement__site__provider_id=membership.provider_id).delete()
    AttendanceAlert.objects.filter(placement__site__provider_id=membership.provider_id).delete()
    Notification.objects.filter(url="/attendance/alerts/").delete()


def time_week_save(session_for: Any, runs: int = 15) -> SaveTiming:
    """Save the 600-mark week ``runs`` times; the median and 95th percentile server time."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from inclusion.attendance.models import AttendanceMark

    monday = _week()
    membership = _provider_staff(monday)
    data = _week_post(membership, monday)
    marks = len(data) - 1
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(membership)
    url = reverse("attendance:register_week", kwargs={"monday": monday.isoformat()})
    saved = AttendanceMark.objects.filter(placement__site__provider_id=membership.provider_id)

    def save() -> float:
        _clear(membership)
        started = time.perf_counter()
        response = client.post(url, data)
        elapsed = time.perf_counter() - started
        if response.status_code != 302:
            form = response.context["form"] if response.context else None
            errors = form.errors.as_text()[:500] if form is not None else ""
            raise RuntimeError(f"register save answered {response.status_code}: {errors}")
        if saved.count() != marks:
            raise RuntimeError(f"register save wrote {saved.count()} marks, not {marks}")
        return elapsed

    save()  # warm-up, not counted
    timings = [save() for _ in range(runs)]
    with CaptureQueriesContext(connection) as captured:  # counted apart: it slows the save
        save()
    queries = len(captured.captured_queries)
    _clear(membership)
    ordered = sorted(timings)
    return SaveTiming(
        marks=marks,
        runs=runs,
        median_ms=round(statistics.median(ordered) * 1000, 1),
        p95_ms=round(ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000, 1),
        queries=queries,
    )
