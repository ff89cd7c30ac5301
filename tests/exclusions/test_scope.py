"""Who sees which records: the Virtual School reads its looked-after pupils' records; out of
scope is 404 and appears nowhere."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from inclusion.audit.models import AuditEvent
from tests.exclusions.factories import consultation, exclusion
from tests.helpers import content


def test_virtual_school_reads_its_looked_after_pupils(county, persona_client):
    row = exclusion(county.pupil_c_looked_after)
    item = consultation(county.pupil_c_looked_after)
    client = persona_client("virtual_school")
    assert (
        client.get(reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk})).status_code == 200
    )
    assert (
        client.get(reverse("exclusions:consultation_detail", kwargs={"pk": item.pk})).status_code
        == 200
    )
    page = client.get(
        reverse("exclusions:pupil", kwargs={"pupil_pk": county.pupil_c_looked_after.pk})
    )
    assert page.status_code == 200
    # Read only.
    assert (
        client.get(reverse("exclusions:exclusion_notices", kwargs={"pk": row.pk})).status_code
        == 404
    )
    assert (
        client.get(reverse("exclusions:consultation_record", kwargs={"pk": item.pk})).status_code
        == 404
    )


def test_out_of_scope_is_404_and_writes_no_view_event(county, persona_client):
    row = exclusion(county.pupil_c_looked_after)
    before = AuditEvent.objects.count()
    for persona in ("school_a", "coordinator", "chair", "provider", "governance"):
        response = persona_client(persona).get(
            reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk})
        )
        assert response.status_code == 404, persona
    assert AuditEvent.objects.count() == before


def test_the_school_keeps_seeing_its_record_after_the_pupil_moves(county, persona_client):
    row = exclusion(county.pupil_a, start_date=dt.date(2026, 2, 10))
    county.pupil_a.school = county.school_c
    county.pupil_a.save()
    url = reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk})
    assert persona_client("school_a").get(url).status_code == 200
    page = persona_client("school_a").get(reverse("exclusions:deadlines"))
    assert page.status_code == 200


def test_a_detail_view_is_audited_once(county, persona_client):
    row = exclusion(county.pupil_a)
    persona_client("school_a").get(reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk}))
    views = AuditEvent.objects.filter(verb=AuditEvent.Verb.VIEW, target_id=str(row.pk))
    assert views.count() == 1
    assert views.get().pupil_id == county.pupil_a.pk
    assert "Brookvale Academy" in content(
        persona_client("school_a").get(
            reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk})
        )
    )


def test_the_pupil_page_summarises_exclusions(county, persona_client):
    from django.utils import timezone

    from inclusion.calendar.days import academic_year_of

    year = academic_year_of(timezone.localdate())
    exclusion(county.pupil_a, start_date=dt.date(year, 10, 5), sessions=5)
    exclusion(county.pupil_a, start_date=dt.date(year - 1, 10, 5), sessions=8)
    page = content(
        persona_client("school_a").get(reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk}))
    )
    assert "Suspensions and exclusions this school year: 1." in page
    assert "Days of suspension: 2.5 of the 45 allowed" in page
