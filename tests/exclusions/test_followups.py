"""Issue 8 follow-ups: the dates of what happened after an exclusion, and the times people were
told, are never in the future; the social worker's row of the checklist may be "not applicable"
(stored, audited, shown as done)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.exclusions import presenters, services
from inclusion.exclusions.models import Exclusion
from tests.exclusions.factories import exclusion
from tests.helpers import assert_govuk_error, content, date_parts

DAY = dt.timedelta(days=1)

# Field, its message when in the future.
PROGRESS_DATES = [
    ("board_met_on", "The date the board met must be today or in the past"),
    ("decision_given_on", "The date of the written decision must be today or in the past"),
    ("review_applied_on", "The date of the application must be today or in the past"),
    ("panel_decided_on", "The date of the panel's decision must be today or in the past"),
    ("reconsidered_on", "The date the board reconsidered must be today or in the past"),
]


def _permanent(pupil, today):
    return exclusion(
        pupil, kind="permanent", start_date=today - 70 * DAY, override_reason="Test only"
    )


def _progress(today, **dates):
    """Each step 10 days after the one before, the last 10 days ago, unless overridden."""
    steps = {
        "board_met_on": today - 50 * DAY,
        "decision_given_on": today - 40 * DAY,
        "review_applied_on": today - 30 * DAY,
        "panel_decided_on": today - 20 * DAY,
        "reconsidered_on": today - 10 * DAY,
    } | dates
    data = {"provision_where": "", **date_parts("provision_starts_on", None)}
    for name, value in steps.items():
        data |= date_parts(name, value)
    return data


@pytest.mark.parametrize(("name", "message"), PROGRESS_DATES)
def test_a_progress_date_in_the_future_is_refused_and_nothing_is_written(
    county, persona_client, name, message
):
    today = timezone.localdate()
    row = _permanent(county.pupil_a, today)
    url = reverse("exclusions:exclusion_progress", kwargs={"pk": row.pk})
    # Tomorrow, and every later step tomorrow too so that only the future date is wrong.
    later = [n for n, _ in PROGRESS_DATES][[n for n, _ in PROGRESS_DATES].index(name) :]
    response = persona_client("school_a").post(
        url, _progress(today, **dict.fromkeys(later, today + DAY))
    )
    assert_govuk_error(response, message)
    row.refresh_from_db()
    assert all(getattr(row, n) is None for n, _ in PROGRESS_DATES)
    assert not AuditEvent.objects.filter(target_id=str(row.pk), verb=AuditEvent.Verb.UPDATE)


def test_today_is_allowed_and_provision_may_start_in_the_future(county, persona_client):
    today = timezone.localdate()
    row = _permanent(county.pupil_a, today)
    url = reverse("exclusions:exclusion_progress", kwargs={"pk": row.pk})
    data = _progress(today, reconsidered_on=today) | {
        "provision_where": "The county's pupil referral unit",
        **date_parts("provision_starts_on", today + 7 * DAY),
    }
    assert persona_client("la_officer").post(url, data).status_code == 302
    row.refresh_from_db()
    assert row.reconsidered_on == today
    assert row.provision_starts_on == today + 7 * DAY


def test_the_service_refuses_a_future_date_whatever_the_form(county):
    today = dt.date(2026, 3, 20)
    row = exclusion(county.pupil_a, start_date=dt.date(2026, 3, 2))
    staff = county.memberships["school_a"]
    with pytest.raises(services.ExclusionError, match="must be today or in the past") as caught:
        services.exclusion_progress_update(
            actor=staff.user,
            membership=staff,
            exclusion=row,
            progress=services.ExclusionProgress(board_met_on=dt.date(2026, 3, 23)),
            today=today,
        )
    assert caught.value.field == "board_met_on"
    changed = services.exclusion_progress_update(
        actor=staff.user,
        membership=staff,
        exclusion=row,
        progress=services.ExclusionProgress(board_met_on=today),
        today=today,
    )
    assert changed == ["board_met_on"]


# The notifications checklist ------------------------------------------------------------------


def _rows(row: Exclusion):
    home = presenters.home_authority(row.pupil, row.pupil.school.local_authority)
    return presenters.checklist(row, home)


def _checklist_data(row: Exclusion, told_on: dt.date | None, **overrides):
    """Every row of the checklist told on ``told_on`` at 9:30am, but the social worker."""
    data: dict[str, str] = {}
    for notice in _rows(row):
        day = None if notice.name == "social_worker_notified_at" else told_on
        data |= date_parts(f"{notice.name}_date", day)
        data[f"{notice.name}_time"] = "9:30am" if day else ""
    return data | overrides


def test_a_notification_date_in_the_future_is_refused(county, persona_client):
    row = exclusion(county.pupil_a, start_date=dt.date(2026, 3, 2))
    url = reverse("exclusions:exclusion_notices", kwargs={"pk": row.pk})
    tomorrow = timezone.localdate() + DAY
    data = _checklist_data(row, dt.date(2026, 3, 2)) | date_parts(
        "parent_notified_at_date", tomorrow
    )
    response = persona_client("school_a").post(url, data)
    assert_govuk_error(response, "The date the parent was told must be today or in the past")
    row.refresh_from_db()
    assert row.parent_notified_at is None
    assert row.la_notified_at is None


def test_the_service_refuses_a_time_after_now(county):
    row = exclusion(county.pupil_a, start_date=dt.date(2026, 3, 2))
    staff = county.memberships["school_a"]
    now = timezone.make_aware(dt.datetime(2026, 3, 2, 10, 0))
    with pytest.raises(services.ExclusionError, match="must be now or in the past"):
        services.exclusion_notices_update(
            actor=staff.user,
            membership=staff,
            exclusion=row,
            notices={"parent_notified_at": now + dt.timedelta(minutes=1)},
            now=now,
        )
    row.refresh_from_db()
    assert row.parent_notified_at is None


def test_no_social_worker_completes_the_checklist_stored_and_audited(county, persona_client):
    row = exclusion(county.pupil_a, start_date=dt.date(2026, 3, 2))
    client = persona_client("school_a")
    url = reverse("exclusions:exclusion_notices", kwargs={"pk": row.pk})
    detail = reverse("exclusions:exclusion_detail", kwargs={"pk": row.pk})
    assert "Not applicable: the pupil has no social worker" in content(client.get(url))
    # Everyone else told: not complete while the social worker's row is open.
    assert client.post(url, _checklist_data(row, dt.date(2026, 3, 2))).status_code == 302
    page = content(client.get(detail))
    assert "Not yet told" in page
    assert "Everyone on the checklist has been told" not in page
    assert not presenters.checklist_complete(_rows(row))

    response = client.post(
        url, _checklist_data(row, dt.date(2026, 3, 2), social_worker_not_applicable="on")
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.social_worker_not_applicable
    assert row.social_worker_notified_at is None
    updates = AuditEvent.objects.filter(target_id=str(row.pk), verb=AuditEvent.Verb.UPDATE)
    assert updates.count() == 2
    assert updates.filter(changes=["social_worker_not_applicable"]).count() == 1
    assert presenters.checklist_complete(_rows(row))
    page = content(client.get(detail))
    assert "Not applicable: the pupil has no social worker" in page
    assert "Not yet told" not in page
    assert "Everyone on the checklist has been told, or does not apply" in page
    # The form shows the box ticked; unticking it is a change too.
    box = re.search(
        r'<input[^>]*name="social_worker_not_applicable"[^>]*>', content(client.get(url))
    )
    assert box is not None
    assert "checked" in box.group(0)
    assert client.post(url, _checklist_data(row, dt.date(2026, 3, 2))).status_code == 302
    row.refresh_from_db()
    assert not row.social_worker_not_applicable


def test_told_and_not_applicable_together_is_refused(county, persona_client):
    row = exclusion(county.pupil_a, start_date=dt.date(2026, 3, 2))
    url = reverse("exclusions:exclusion_notices", kwargs={"pk": row.pk})
    data = _checklist_data(
        row,
        dt.date(2026, 3, 2),
        social_worker_not_applicable="on",
        social_worker_notified_at_time="11:00",
        **date_parts("social_worker_notified_at_date", dt.date(2026, 3, 2)),
    )
    response = persona_client("school_a").post(url, data)
    assert_govuk_error(
        response,
        "Enter when the social worker was told, or select that the pupil has no social worker, "
        "not both",
    )
    row.refresh_from_db()
    assert not row.social_worker_not_applicable
    assert row.social_worker_notified_at is None
    assert row.parent_notified_at is None
