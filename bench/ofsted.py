"""The Ofsted pack benchmark: the server time to make a school's evidence pack as a PDF when 40 of
its pupils are at alternative provision.

Once per bench database, the school staff persona's school gets 40 pupils placed at a provider of
its own ("Bench Ofsted Farm"), two days a week since the start of the school year, each with a
term of marks, a plan with a review and a visit. The PDF is then requested through Django's test
client (in-process, so the time is the server's: the selectors, the template and WeasyPrint)
after one warm-up.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass
from typing import Any

PUPILS = 40
PROVIDER = "Bench Ofsted Farm"


@dataclass(frozen=True)
class PdfTiming:
    pupils: int
    runs: int
    median_ms: float
    p95_ms: float
    queries: int
    size_kb: int


def _placed(school: Any, staff: Any) -> None:
    """40 of the school's pupils at the bench provider with marks, a plan, a review and a visit
    (made once)."""
    from django.utils import timezone

    from inclusion.attendance.models import AttendanceMark
    from inclusion.attendance.sessions import expected_sessions
    from inclusion.calendar.days import academic_year_bounds, academic_year_of, calendar_for
    from inclusion.demo.generate import home_authority
    from inclusion.placements.models import (
        EducationPlan,
        Placement,
        PlacementSession,
        Review,
    )
    from inclusion.providers.models import Provider, ProviderSite
    from inclusion.visits.models import Visit

    provider = Provider.objects.filter(name=PROVIDER).first()
    on_roll = school.pupils.filter(placements__site__provider=provider).count() if provider else 0
    if on_roll >= PUPILS:
        return
    provider = Provider.objects.create(
        name=PROVIDER,
        registration=Provider.Registration.INDEPENDENT_SCHOOL,
        urn="199999",
        local_authority=home_authority(),
    )
    site = ProviderSite.objects.create(
        provider=provider,
        name="Farm",
        address_line_1="2 Bench Lane",
        town="Melton Mowbray",
        postcode="LE13 0AA",
    )
    today = timezone.localdate()
    year_first, _ = academic_year_bounds(academic_year_of(today))
    pupils = list(school.pupils.filter(placements__isnull=True).order_by("upn")[:PUPILS])
    calendar = calendar_for(school.local_authority_id)
    marks = []
    for index, pupil in enumerate(pupils):
        placement = Placement.objects.create(
            pupil=pupil,
            site=site,
            school=school,
            partnership=school.partnership,
            status=Placement.Status.ACTIVE,
            start_date=year_first,
            category="bc"[index % 2],
            purpose="Fictional: a practical course to re-engage with learning",
            target_end_date=today + dt.timedelta(weeks=12),
            commissioner=Placement.Commissioner.SCHOOL,
            commissioning_agreement="Fictional: two days a week",
        )
        for weekday in (0, 2):
            PlacementSession.objects.create(
                placement=placement, weekday=weekday, starts_at=dt.time(9), ends_at=dt.time(15)
            )
        placement.refresh_from_db()
        for s in expected_sessions(placement, year_first, today - dt.timedelta(days=1), calendar):
            code = (
                "O"
                if (s.date.toordinal() + index) % 13 == 0
                else ("/" if s.session == "am" else "\\")
            )
            marks.append(
                AttendanceMark(
                    placement=placement,
                    date=s.date,
                    session=s.session,
                    code=code,
                    recorded_by=staff,
                )
            )
        plan = EducationPlan.objects.create(
            placement=placement, next_review_on=today + dt.timedelta(days=14), created_by=staff
        )
        Review.objects.create(
            plan=plan,
            held_on=today - dt.timedelta(days=30),
            attendees="Fictional",
            decision=Review.Decision.CONTINUE,
            recorded_by=staff,
        )
        Visit.objects.create(
            placement=placement,
            visited_on=today - dt.timedelta(days=20 + index % 30),
            visitor_name="Fictional Visitor",
            recorded_by=staff,
            pupil_seen=True,
            register_agrees=True,
            safeguarding_known=True,
            work_seen=True,
            targets_discussed=True,
            health_and_safety=True,
        )
    AttendanceMark.objects.bulk_create(marks, batch_size=2000)


def time_pack_pdf(session_for: Any, membership: Any, runs: int = 5) -> PdfTiming:
    """Make the school's pack PDF ``runs`` times; the median and 95th percentile server time."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from inclusion.placements.models import Placement

    school = membership.school
    _placed(school, membership.user)
    at_provision = Placement.objects.filter(
        pupil__school=school, status=Placement.Status.ACTIVE
    ).count()
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_for(membership)
    url = reverse("reports:ofsted_pack_pdf", kwargs={"school_pk": school.pk})

    def make() -> tuple[float, int]:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            raise RuntimeError(f"the Ofsted pack PDF answered {response.status_code}")
        return elapsed, len(response.content)

    make()  # warm-up, not counted
    timings = [make()[0] for _ in range(runs)]
    with CaptureQueriesContext(connection) as captured:
        _, size = make()
    ordered = sorted(timings)
    return PdfTiming(
        pupils=at_provision,
        runs=runs,
        median_ms=round(statistics.median(ordered) * 1000, 1),
        p95_ms=round(ordered[max(0, round(0.95 * len(ordered)) - 1)] * 1000, 1),
        queries=len(captured.captured_queries),
        size_kb=round(size / 1024),
    )
