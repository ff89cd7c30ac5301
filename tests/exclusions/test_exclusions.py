"""Recording suspensions and permanent exclusions: the consultation rule and its override, the
45-day cap across schools, reasons, the checklist and progress."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.calendar.days import academic_year_of
from inclusion.exclusions.models import Exclusion, ExclusionReason
from tests.exclusions.factories import consultation, exclusion
from tests.factories import SchoolFactory
from tests.helpers import assert_govuk_error, content, date_parts

START = dt.date(2026, 3, 2)


def _data(**overrides):
    data = {
        "kind": "permanent",
        **date_parts("start_date", START),
        "days": "",
        "reasons": [str(ExclusionReason.objects.get(code="PA").pk)],
        "override_reason": "",
    }
    return data | overrides


def _post(client, pupil, **overrides):
    url = reverse("exclusions:exclusion_create", kwargs={"pupil_pk": pupil.pk})
    return client.post(url, _data(**overrides))


def test_permanent_exclusion_refused_without_a_consultation(county, persona_client):
    response = _post(persona_client("school_a"), county.pupil_a)
    assert_govuk_error(response, "Record the consultation with the Partnership Chair first")
    assert not Exclusion.objects.exists()
    # A consultation raised but not yet held does not count; one held 31 days before neither.
    consultation(county.pupil_a)
    consultation(county.pupil_a, held_on=START - dt.timedelta(days=31))
    assert _post(persona_client("school_a"), county.pupil_a).status_code == 400
    assert not Exclusion.objects.exists()


def test_permanent_exclusion_with_a_consultation_in_the_last_30_days(county, persona_client):
    held = consultation(county.pupil_a, held_on=START - dt.timedelta(days=30))
    response = _post(persona_client("school_a"), county.pupil_a)
    assert response.status_code == 302
    row = Exclusion.objects.get()
    assert row.consultation == held
    assert row.override_reason == ""
    assert row.sessions == 0
    event = AuditEvent.objects.get(target_id=str(row.pk))
    assert "consultation" in event.changes
    assert "override_reason" not in event.changes


def test_the_override_needs_a_reason_and_is_audited(county, persona_client):
    response = _post(
        persona_client("school_a"),
        county.pupil_a,
        override_reason="The Chair was unreachable during the school closure",
    )
    assert response.status_code == 302
    row = Exclusion.objects.get()
    assert row.consultation is None
    assert row.override_reason.startswith("The Chair was unreachable")
    event = AuditEvent.objects.get(target_id=str(row.pk), verb=AuditEvent.Verb.CREATE)
    assert "override_reason" in event.changes
    assert event.membership == county.memberships["school_a"]
    assert "unreachable" not in " ".join(event.changes)
    page = persona_client("coordinator").get(
        reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk})
    )
    assert "Recorded without a consultation" in content(page)


def test_a_school_in_no_partnership_needs_no_consultation(county, persona_client):
    county.school_a.partnership = None
    county.school_a.save()
    assert _post(persona_client("school_a"), county.pupil_a).status_code == 302


def _suspend(client, pupil, days, start=START):
    return _post(client, pupil, kind="suspension", days=days, **date_parts("start_date", start))


def test_the_45_day_cap_summed_across_two_schools(county, persona_client):
    # Dates in the school year today is in: the pupil page shows this year's total.
    year = academic_year_of(timezone.localdate())
    pupil = county.pupil_a
    old_school = SchoolFactory.create(name="Previous School", partnership=county.other_partnership)
    # 29.5 days at the previous school this year, then 0.5 at this one.
    exclusion(pupil, school=old_school, start_date=dt.date(year, 10, 5), sessions=59)
    client = persona_client("school_a")
    url = reverse("exclusions:pupil", kwargs={"pupil_pk": pupil.pk})
    page = content(client.get(url))
    assert "29.5 of 45 school days" in page
    assert "Warning" not in page
    lunchtime = _post(
        client, pupil, kind="lunchtime", **date_parts("start_date", dt.date(year, 11, 2))
    )
    assert lunchtime.status_code == 302
    page = content(client.get(url))
    assert "30 of 45 school days" in page
    assert "Over 30 of the 45 school days" in page
    # 10 more: 40 days.
    assert _suspend(client, pupil, "10", dt.date(year, 11, 9)).status_code == 302
    assert "Over 40 of the 45 school days" in content(client.get(url))
    # 5.5 more would make 45.5: refused, with the days left.
    response = _suspend(client, pupil, "5.5", dt.date(year + 1, 1, 11))
    assert_govuk_error(
        response,
        "This suspension would take the pupil over the limit of 45 school days of suspension "
        "in a school year (at any school). They have 40 days already this year, so at most 5 "
        "more days can be recorded",
    )
    assert Exclusion.objects.count() == 3
    # Exactly 5 is allowed, and reaches the limit.
    assert _suspend(client, pupil, "5", dt.date(year + 1, 1, 11)).status_code == 302
    assert "Limit reached" in content(client.get(url))
    # The next school year starts again from 0.
    assert _suspend(client, pupil, "2", dt.date(year + 1, 9, 14)).status_code == 302


def test_a_previous_year_does_not_count(county, persona_client):
    exclusion(county.pupil_a, start_date=dt.date(2025, 6, 1), sessions=89)
    assert _suspend(persona_client("school_a"), county.pupil_a, "3").status_code == 302


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("", "Enter the length of the suspension in school days"),
        ("two", "Enter the length as whole or half school days between 0.5 and 45, like 2.5"),
        ("1.25", "Enter the length as whole or half school days between 0.5 and 45, like 2.5"),
        ("0", "Enter the length as whole or half school days between 0.5 and 45, like 2.5"),
        ("46", "Enter the length as whole or half school days between 0.5 and 45, like 2.5"),
    ],
)
def test_bad_lengths(county, persona_client, days, message):
    assert_govuk_error(_suspend(persona_client("school_a"), county.pupil_a, days), message)
    assert not Exclusion.objects.exists()


def test_reasons_up_to_three_and_check_codes_not_selectable(county, persona_client):
    client = persona_client("school_a")
    codes = ExclusionReason.objects.filter(code__in=["PA", "PP", "VA", "VP"])
    response = (
        _suspend(client, county.pupil_a, "1")
        if False
        else _post(
            client,
            county.pupil_a,
            kind="suspension",
            days="1",
            reasons=[str(r.pk) for r in codes],
        )
    )
    assert_govuk_error(response, "Select no more than 3 reasons")
    assert_govuk_error(
        _post(client, county.pupil_a, kind="suspension", days="1", reasons=[]),
        "Select at least 1 reason",
    )
    unconfirmed = ExclusionReason.objects.get(code="DB")
    assert not unconfirmed.confirmed
    form = client.get(
        reverse("exclusions:exclusion_create", kwargs={"pupil_pk": county.pupil_a.pk})
    )
    assert "Persistent or general disruptive behaviour" not in content(form)
    assert "Vape related" in content(form)
    assert_govuk_error(
        _post(client, county.pupil_a, kind="suspension", days="1", reasons=[str(unconfirmed.pk)]),
        "Select reasons from the list",
    )
    unconfirmed.confirmed = True
    unconfirmed.save()
    response = _post(
        client, county.pupil_a, kind="suspension", days="1", reasons=[str(unconfirmed.pk)]
    )
    assert response.status_code == 302
    assert list(Exclusion.objects.get().reasons.values_list("code", flat=True)) == ["DB"]


def test_lunchtime_counts_as_half_a_day(county, persona_client):
    response = _post(persona_client("school_a"), county.pupil_a, kind="lunchtime", days="3")
    assert response.status_code == 302
    assert Exclusion.objects.get().sessions == 1


def test_only_the_school_records_and_only_for_its_pupils(county, persona_client):
    for persona in ("school_b", "coordinator", "la_officer", "virtual_school", "provider"):
        response = _post(
            persona_client(persona), county.pupil_a, override_reason="Not allowed here"
        )
        assert response.status_code == 404, persona
    assert not Exclusion.objects.exists()


def _notice_data(**overrides):
    data = {
        **date_parts("parent_notified_at_date", dt.date(2026, 3, 2)),
        "parent_notified_at_time": "9:30am",
        **date_parts("la_notified_at_date", dt.date(2026, 3, 2)),
        "la_notified_at_time": "14:00",
        **date_parts("board_notified_at_date", None),
        "board_notified_at_time": "",
        **date_parts("social_worker_notified_at_date", None),
        "social_worker_notified_at_time": "",
        **date_parts("home_la_notified_at_date", None),
        "home_la_notified_at_time": "",
    }
    return data | overrides


def test_the_notifications_checklist_is_editable_and_audited(county, persona_client):
    row = exclusion(county.pupil_a, start_date=dt.date(2026, 3, 2))
    url = reverse("exclusions:exclusion_notices", kwargs={"pk": row.pk})
    client = persona_client("school_a")
    page = client.get(url)
    assert "Virtual School Head" not in content(page)  # pupil_a is not looked after
    response = client.post(url, _notice_data())
    assert response.status_code == 302, content(response)
    row.refresh_from_db()
    assert row.parent_notified_at is not None
    assert row.board_notified_at is None
    event = AuditEvent.objects.get(target_id=str(row.pk), verb=AuditEvent.Verb.UPDATE)
    assert event.changes == ["la_notified_at", "parent_notified_at"]
    detail = client.get(reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk}))
    assert "2 March 2026" in content(detail)


def test_the_checklist_bad_input(county, persona_client):
    row = exclusion(county.pupil_a)
    url = reverse("exclusions:exclusion_notices", kwargs={"pk": row.pk})
    client = persona_client("school_a")
    assert_govuk_error(
        client.post(url, _notice_data(parent_notified_at_time="")),
        "Enter the time the parent was told",
    )
    assert_govuk_error(
        client.post(url, _notice_data(parent_notified_at_time="25:99")),
        "must be a real time, like 9:30am or 14:00",
    )
    row.refresh_from_db()
    assert row.parent_notified_at is None


def test_looked_after_pupil_checklist_has_the_virtual_school(county, persona_client):
    row = exclusion(county.pupil_c_looked_after)
    page = persona_client("la_officer").get(
        reverse("exclusions:exclusion_notices", kwargs={"pk": row.pk})
    )
    assert "Virtual School Head" in content(page)


def test_progress_sixth_day_provision_and_code_e(county, persona_client):
    row = exclusion(county.pupil_a, start_date=dt.date(2026, 2, 11), sessions=14)
    client = persona_client("school_a")
    detail = client.get(reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk}))
    assert "25 February 2026" in content(detail)  # the sixth school day
    assert "the school arranges" in content(detail)
    assert "4 sessions with no provision so far, coded E" in content(detail)
    url = reverse("exclusions:exclusion_progress", kwargs={"pk": row.pk})
    data = {
        "provision_where": "The partnership's inclusion centre",
        **date_parts("provision_starts_on", dt.date(2026, 2, 26)),
        **date_parts("board_met_on", None),
    }
    assert client.post(url, data).status_code == 302
    detail = client.get(reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk}))
    assert "2 sessions with no provision so far, coded E" in content(detail)
    event = AuditEvent.objects.get(target_id=str(row.pk), verb=AuditEvent.Verb.UPDATE)
    assert event.changes == ["provision_starts_on", "provision_where"]
    bad = client.post(url, data | {"provision_where": ""})
    assert_govuk_error(bad, "Enter where the provision is")


def test_pex_review_clocks_on_the_record(county, persona_client):
    row = exclusion(
        county.pupil_a, kind="permanent", start_date=dt.date(2026, 3, 2), override_reason="Test"
    )
    url = reverse("exclusions:exclusion_progress", kwargs={"pk": row.pk})
    data = {
        "provision_where": "",
        **date_parts("provision_starts_on", None),
        **date_parts("board_met_on", dt.date(2026, 3, 20)),
        **date_parts("decision_given_on", dt.date(2026, 4, 2)),
        "decision_posted": "on",
        **date_parts("review_applied_on", dt.date(2026, 4, 30)),
        **date_parts("panel_decided_on", dt.date(2026, 5, 21)),
        **date_parts("reconsidered_on", None),
    }
    client = persona_client("la_officer")
    assert client.post(url, data).status_code == 302
    page = content(client.get(reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk})))
    assert "1 May 2026" in page  # applications close (posted: deemed given 8 April)
    assert "deemed given on 8 April 2026" in page
    assert "22 May 2026" in page  # the panel meets by
    assert "11 June 2026" in page  # the board reconsiders by
    bad = client.post(url, data | date_parts("panel_decided_on", dt.date(2026, 4, 1)))
    assert_govuk_error(
        bad, "The date of the panel's decision must be on or after the step before it"
    )
