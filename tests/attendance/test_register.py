"""The provider's register: today's page and the week grid, the rules a save must pass, past
edits, absence alerts and scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from inclusion.attendance.models import AttendanceAlert, AttendanceCode, AttendanceMark
from inclusion.attendance.selectors.register import provider_codes
from inclusion.audit.models import AuditEvent
from inclusion.notifications.models import Notification
from tests.attendance.factories_register import (
    MONDAY,
    NOW,
    WEDNESDAY,
    WEEK,
    freeze,
    key,
    marks,
    register_placement,
)
from tests.helpers import assert_govuk_error, content, on_page
from tests.placements.factories_provider import other_site

WEEK_URL = reverse("attendance:register_week", kwargs={"monday": MONDAY.isoformat()})
TODAY_URL = reverse("attendance:register")


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    return freeze(monkeypatch)


@pytest.fixture
def provider(persona_client):
    return persona_client("provider")


def test_today_lists_pupils_with_a_session_by_their_pack_name(county, provider):
    register_placement(county)
    response = provider.get(TODAY_URL)
    assert response.status_code == 200
    assert on_page(response, "Amara O.")
    assert "Osei" not in content(response)
    assert county.pupil_a.upn not in content(response)
    assert on_page(response, "Wednesday 4 March 2026")
    assert on_page(response, "Not marked")


def test_the_pupils_whole_name_when_the_school_shared_it(county, provider):
    register_placement(county, pack_fields=["preferred_name"])
    assert on_page(provider.get(TODAY_URL), "Amara Osei")


def test_provider_marks_today_all_present_with_one_absence(
    county, provider, django_capture_on_commit_callbacks
):
    amara = register_placement(county)
    billy = register_placement(county, pupil=county.pupil_b)
    data = {"action": "all_present", "changed_reason": "", **marks(billy, WEDNESDAY, am="N", pm="")}
    with django_capture_on_commit_callbacks(execute=True):
        response = provider.post(TODAY_URL, data)
    assert response.status_code == 302
    written = {(m.placement_id, m.session): m.code for m in AttendanceMark.objects.all()}
    assert written == {
        (amara.pk, "am"): "/",
        (amara.pk, "pm"): "\\",
        (billy.pk, "am"): "N",
        (billy.pk, "pm"): "\\",
    }
    alert = AttendanceAlert.objects.get()
    assert (alert.placement, alert.kind, alert.date, alert.session) == (
        billy,
        AttendanceAlert.Kind.ABSENCE,
        WEDNESDAY,
        "am",
    )
    told = set(Notification.objects.values_list("membership__user__email", flat=True))
    assert told == {"school_b@example.org", "coordinator@example.org"}
    message = Notification.objects.get(membership__user__email="school_b@example.org").message
    assert message == "An absence has been recorded for a placement at Skills Barn"
    assert {m.to[0] for m in mail.outbox} == told
    for email in mail.outbox:
        text = f"{email.subject} {email.body}"
        assert "Billy" not in text
        assert "Hart" not in text


def test_saving_the_same_absence_again_raises_no_second_alert(county, provider):
    amara = register_placement(county)
    data = {"action": "save", **marks(amara, WEDNESDAY, am="N", pm="O")}
    provider.post(TODAY_URL, data)
    provider.post(TODAY_URL, {**data, key(amara, WEDNESDAY, "pm"): "N"})
    assert AttendanceAlert.objects.filter(kind=AttendanceAlert.Kind.ABSENCE).count() == 2
    # one notification to the school and one to the co-ordinator for each save with a new alert
    assert Notification.objects.count() == 2


def test_three_absent_sessions_in_a_row_escalate_once(county, provider):
    amara = register_placement(county)
    data = {
        "action": "save",
        **marks(amara, MONDAY, pm="N"),
        **marks(amara, WEEK[1], am="N", pm="O"),
    }
    assert provider.post(WEEK_URL, data).status_code == 302
    alert = AttendanceAlert.objects.get(kind=AttendanceAlert.Kind.CONSECUTIVE)
    assert (alert.date, alert.session) == (WEEK[1], "pm")
    provider.post(WEEK_URL, {"action": "save", **marks(amara, WEDNESDAY, am="N", pm="N")})
    # Still the same run: it escalated when it reached three sessions.
    assert AttendanceAlert.objects.filter(kind=AttendanceAlert.Kind.CONSECUTIVE).count() == 1


def test_the_week_grid_shows_marks_and_only_started_sessions_can_be_marked(county, provider):
    amara = register_placement(county)
    provider.post(WEEK_URL, {"action": "save", **marks(amara, MONDAY, am="L")})
    response = provider.get(WEEK_URL)
    assert response.status_code == 200
    html = content(response)
    assert f'name="{key(amara, MONDAY, "am")}"' in html
    assert f'name="{key(amara, WEEK[3], "am")}"' not in html  # Thursday has not started
    assert on_page(response, "Not yet")
    assert '<option value="L" selected>' in html


def test_a_day_other_than_monday_goes_to_its_week(provider):
    response = provider.get(reverse("attendance:register_week", kwargs={"monday": "2026-03-04"}))
    assert response.status_code == 302
    assert response["Location"] == WEEK_URL


@pytest.mark.parametrize("bad", ["2026-02-30", "next-week", "2026-3-2x"])
def test_a_date_that_is_not_a_date_is_not_found(provider, bad):
    url = reverse("attendance:register_week", kwargs={"monday": bad})
    assert provider.get(url).status_code == 404


def _refused(provider, data, message):
    response = provider.post(WEEK_URL, {"action": "save", **data})
    assert_govuk_error(response, message)
    assert not AttendanceMark.objects.exists()
    assert not AttendanceAlert.objects.exists()
    assert not AuditEvent.objects.filter(target_type="attendance.attendancemark").exists()


def test_an_unknown_code_is_refused_and_nothing_written(county, provider):
    amara = register_placement(county)
    data = {**marks(amara, MONDAY), key(amara, WEEK[1], "am"): "B"}
    _refused(
        provider, data, "Select a code from the list for Amara O., Tuesday 3 March 2026 morning"
    )


def test_a_session_the_pupil_is_not_expected_at_is_refused(county, provider):
    amara = register_placement(county, start_date=WEEK[1])
    # a Monday-only timetable: Tuesday is not expected
    amara.sessions.exclude(weekday=0).delete()
    amara.start_date = MONDAY
    amara.save()
    data = {**marks(amara, MONDAY), key(amara, WEEK[1], "am"): "/"}
    _refused(
        provider,
        data,
        "Amara O., Tuesday 3 March 2026 morning is not a session the pupil is expected at",
    )


def test_minutes_late_without_l_or_u_is_refused(county, provider):
    amara = register_placement(county)
    data = {**marks(amara, MONDAY), key(amara, MONDAY, "am") + "-late": "10"}
    _refused(
        provider,
        data,
        "Minutes late for Amara O., Monday 2 March 2026 morning "
        "must only be entered with code L or U",
    )


def test_minutes_late_that_are_not_a_number_are_refused(county, provider):
    amara = register_placement(county)
    data = {**marks(amara, MONDAY, am="L"), key(amara, MONDAY, "am") + "-late": "ten"}
    _refused(
        provider,
        data,
        "Minutes late for Amara O., Monday 2 March 2026 morning "
        "must be a whole number from 1 to 300",
    )


def test_late_with_minutes_is_saved(county, provider):
    amara = register_placement(county)
    data = {"action": "save", **marks(amara, MONDAY, am="L")}
    data[key(amara, MONDAY, "am") + "-late"] = "15"
    assert provider.post(WEEK_URL, data).status_code == 302
    mark = AttendanceMark.objects.get(session="am")
    assert (mark.code, mark.minutes_late) == ("L", 15)


def test_a_future_session_is_refused(county, provider):
    amara = register_placement(county)
    data = {**marks(amara, MONDAY), **marks(amara, WEEK[3])}
    _refused(
        provider,
        data,
        "The mark for Amara O., Thursday 5 March 2026 morning "
        "must be for a session that has started",
    )


def test_this_afternoon_before_midday_is_refused(county, provider, monkeypatch):
    freeze(monkeypatch, dt.datetime.combine(WEDNESDAY, dt.time(10, 30)))
    amara = register_placement(county)
    _refused(
        provider,
        marks(amara, WEDNESDAY),
        "The mark for Amara O., Wednesday 4 March 2026 afternoon "
        "must be for a session that has started",
    )


def test_a_day_before_the_placement_started_is_refused(county, provider):
    amara = register_placement(county, start_date=WEEK[1])
    _refused(
        provider,
        {**marks(amara, WEEK[1]), **marks(amara, MONDAY)},
        "The mark for Amara O., Monday 2 March 2026 morning must be on or after the day the "
        "placement started (3 March 2026)",
    )


def test_changing_a_past_mark_needs_a_reason(county, provider):
    amara = register_placement(county)
    provider.post(WEEK_URL, {"action": "save", **marks(amara, MONDAY)})
    change = {"action": "save", **marks(amara, MONDAY, am="I")}
    response = provider.post(WEEK_URL, change)
    assert_govuk_error(response, "Enter why you changed marks for days before today")
    assert AttendanceMark.objects.get(session="am").code == "/"

    response = provider.post(WEEK_URL, {**change, "changed_reason": "Medical letter received"})
    assert response.status_code == 302
    mark = AttendanceMark.objects.get(session="am")
    assert (mark.code, mark.changed_reason) == ("I", "Medical letter received")
    event = AuditEvent.objects.filter(target_type="attendance.attendancemark").latest("at", "id")
    assert event.verb == AuditEvent.Verb.UPDATE
    assert event.changes == ["changed_reason", "code"]
    assert event.pupil_id == county.pupil_a.pk


def test_todays_marks_may_be_corrected_without_a_reason(county, provider):
    amara = register_placement(county)
    provider.post(TODAY_URL, {"action": "save", **marks(amara, WEDNESDAY)})
    response = provider.post(TODAY_URL, {"action": "save", **marks(amara, WEDNESDAY, am="L")})
    assert response.status_code == 302
    assert AttendanceMark.objects.get(session="am").code == "L"


def test_a_save_is_audited_once_without_values(county, provider):
    amara = register_placement(county)
    billy = register_placement(county, pupil=county.pupil_b)
    provider.post(WEEK_URL, {"action": "save", **marks(amara, MONDAY), **marks(billy, MONDAY)})
    event = AuditEvent.objects.get(target_type="attendance.attendancemark")
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.changes == ["code"]
    assert event.actor == county.memberships["provider"].user


def test_another_providers_placement_cannot_be_marked(county, provider):
    theirs = register_placement(county, pupil=county.pupil_b)
    theirs.site = other_site()
    theirs.save()
    response = provider.post(WEEK_URL, {"action": "save", **marks(theirs, MONDAY)})
    assert response.status_code == 404
    assert not AttendanceMark.objects.exists()
    assert not on_page(provider.get(WEEK_URL), "Billy H.")


def test_an_ended_placement_is_not_on_the_register(county, provider):
    register_placement(county, status="ended", end_date=MONDAY, end_reason="completed")
    assert not on_page(provider.get(WEEK_URL), "Amara O.")


def test_codes_in_force_on_a_day_take_the_latest_version(db):
    later = dt.date(2026, 9, 1)
    AttendanceCode.objects.create(
        code="Y7",
        meaning="Other unavoidable cause",
        category=AttendanceCode.Category.NOT_POSSIBLE,
        counts_as_possible=False,
        counts_as_attendance=False,
        usable_at_provider=False,
        effective_from=later,
    )
    codes = provider_codes([NOW.date(), later])
    assert "Y7" in codes[NOW.date()]
    assert "Y7" not in codes[later]
    assert len(codes[NOW.date()]) == 16
