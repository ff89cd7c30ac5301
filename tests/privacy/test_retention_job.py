"""The retention job on seeded data: a dry run changes nothing, applying anonymises and deletes
exactly what was due (audited, counts only), a legal hold stops it, and the clock's edges."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from inclusion.attendance.models import AttendanceMark
from inclusion.audit.models import AuditEvent
from inclusion.privacy.models import AnonymisedPupil, LegalHold, RetentionRun
from inclusion.privacy.services import retention_run
from inclusion.privacy.tasks import retention_dry_run
from inclusion.pupils.models import Contact, Pupil, PupilNeed
from inclusion.referrals.models import Plan
from tests.attendance.factories_alerts import mark, placement_for
from tests.conftest import County
from tests.privacy.factories import other_authority_pupil
from tests.referrals.factories import make_referral

pytestmark = pytest.mark.django_db

BORN = dt.date(2001, 5, 17)
TWENTY_FIFTH = dt.date(2026, 5, 17)
OLD_MARK = dt.date(2020, 3, 2)
RECENT_MARK = dt.date(2026, 3, 2)


def grown_up(county: County) -> Pupil:
    """Amara, born in 2001 (her file is due on her 25th birthday), with a parent, a recorded
    need and attendance marks from 2020 (six years old on 2 March 2026) and 2026."""
    pupil = county.pupil_a
    pupil.date_of_birth = BORN
    pupil.address_line_1 = "1 Fictional Row"
    pupil.town = "Hinckley"
    pupil.sen_provision = "N"
    pupil.save()
    Contact.objects.create(pupil=pupil, name="Ama Osei (fictional)", relationship="Mother")
    placement = placement_for(county, pupil=pupil, start_date=dt.date(2020, 1, 6))
    mark(placement, "/", day=OLD_MARK)
    mark(placement, "/", day=OLD_MARK, session="pm")
    mark(placement, "/", day=RECENT_MARK)
    return pupil


def snapshot(pupil: Pupil) -> tuple[object, ...]:
    pupil.refresh_from_db()
    return (
        pupil.legal_first_name,
        pupil.legal_last_name,
        pupil.date_of_birth,
        pupil.upn,
        pupil.postcode,
        pupil.contacts.count(),
        AttendanceMark.objects.filter(placement__pupil=pupil).count(),
    )


def run(county: County, today: dt.date, *, apply: bool) -> RetentionRun:
    return retention_run(local_authority=county.la, today=today, apply=apply)


def test_a_dry_run_changes_nothing_and_reports_counts(county: County):
    pupil = grown_up(county)
    before = snapshot(pupil), snapshot(county.pupil_b)
    events = AuditEvent.objects.count()
    dry = run(county, TWENTY_FIFTH, apply=False)
    assert (snapshot(pupil), snapshot(county.pupil_b)) == before
    assert AuditEvent.objects.count() == events
    assert not dry.applied
    assert dry.report["pupil_file"] == {"action": "anonymise", "due": 1, "held": 0, "done": 0}
    assert dry.report["attendance"] == {"action": "delete", "due": 2, "held": 0, "done": 0}
    assert dry.report["sen"]["due"] == dry.report["child_protection"]["due"] == 0
    assert "Amara" not in str(dry.report)


def test_apply_anonymises_and_deletes_exactly_what_was_due(county: County):
    pupil = grown_up(county)
    PupilNeed.objects.create(pupil=county.pupil_b, need_type="SEMH", rank=1)
    billy = snapshot(county.pupil_b)
    done = run(county, TWENTY_FIFTH, apply=True)
    pupil.refresh_from_db()
    assert (pupil.legal_first_name, pupil.legal_last_name) == ("Anonymised", "pupil")
    assert pupil.preferred_first_name == pupil.search_name == ""
    assert pupil.date_of_birth == dt.date(2001, 1, 1)
    assert (pupil.upn, pupil.upn_is_temporary) == ("", True)
    assert pupil.address_line_1 == pupil.town == pupil.postcode == ""
    assert not pupil.contacts.exists()
    # Counts for statistics stay: the pupil row, the school, the year, the sex.
    assert pupil.school == county.school_a
    assert pupil.nc_year == 9
    marks = AttendanceMark.objects.filter(placement__pupil=pupil)
    assert list(marks.values_list("date", flat=True)) == [RECENT_MARK]
    assert snapshot(county.pupil_b) == billy  # born 2012: nothing due
    assert AnonymisedPupil.objects.get(pupil=pupil).run == done
    assert done.report["pupil_file"]["done"] == 1
    assert done.report["attendance"]["done"] == 2
    update = AuditEvent.objects.get(verb="update", target_id=str(pupil.pk))
    assert "legal_first_name" in update.changes
    assert "contacts" in update.changes
    assert "Amara" not in str(update.changes)
    deletion = AuditEvent.objects.get(verb="delete", target_type="attendance.attendancemark")
    assert deletion.changes == ["count=2"]
    assert deletion.pupil_id == pupil.pk


def test_applying_again_does_nothing_more(county: County):
    grown_up(county)
    run(county, TWENTY_FIFTH, apply=True)
    events = AuditEvent.objects.exclude(target_type="privacy.retentionrun").count()
    again = run(county, TWENTY_FIFTH, apply=True)
    assert again.report["pupil_file"]["due"] == 0
    assert again.report["attendance"]["due"] == 0
    assert AuditEvent.objects.exclude(target_type="privacy.retentionrun").count() == events


def test_a_legal_hold_stops_everything_about_the_pupil(county: County):
    pupil = grown_up(county)
    officer = county.memberships["la_officer"].user
    LegalHold.objects.create(pupil=pupil, reason="Fictional claim", placed_by=officer)
    before = snapshot(pupil)
    done = run(county, TWENTY_FIFTH, apply=True)
    assert snapshot(pupil) == before
    assert not AnonymisedPupil.objects.exists()
    assert done.report["pupil_file"] == {"action": "anonymise", "due": 1, "held": 1, "done": 0}
    assert done.report["attendance"] == {"action": "delete", "due": 2, "held": 2, "done": 0}


def test_a_lifted_hold_no_longer_stops_it(county: County):
    pupil = grown_up(county)
    officer = county.memberships["la_officer"].user
    hold = LegalHold.objects.create(pupil=pupil, reason="Fictional claim", placed_by=officer)
    hold.lifted_at, hold.lifted_by = dt.datetime(2026, 5, 1, tzinfo=dt.UTC), officer
    hold.save()
    assert run(county, TWENTY_FIFTH, apply=True).report["pupil_file"]["done"] == 1


def test_the_day_before_the_anniversary_nothing_is_due(county: County):
    pupil = grown_up(county)
    before = snapshot(pupil)
    early = run(county, TWENTY_FIFTH - dt.timedelta(days=1), apply=True)
    assert early.report["pupil_file"]["due"] == 0
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Amara"
    assert snapshot(pupil)[:-1] == before[:-1]


def test_attendance_marks_go_on_their_sixth_anniversary_not_before(county: County):
    grown_up(county)
    assert run(county, dt.date(2026, 3, 1), apply=True).report["attendance"]["done"] == 0
    assert AttendanceMark.objects.count() == 3
    assert run(county, dt.date(2026, 3, 2), apply=True).report["attendance"]["done"] == 2
    assert AttendanceMark.objects.count() == 1


def test_child_protection_records_are_listed_not_destroyed(county: County):
    pupil = grown_up(county)
    make_referral(pupil=pupil, by=county.memberships["school_a"], plan=Plan.CHILD_PROTECTION)
    done = run(county, TWENTY_FIFTH, apply=True)
    assert done.report["child_protection"] == {"action": "review", "due": 1, "held": 0, "done": 0}
    assert done.report["pupil_file"]["due"] == 0
    pupil.refresh_from_db()
    assert pupil.legal_first_name == "Amara"


def test_an_authority_runs_only_over_its_own_pupils(county: County):
    city_pupil = other_authority_pupil()
    city_pupil.date_of_birth = BORN
    city_pupil.save()
    assert run(county, TWENTY_FIFTH, apply=True).report["pupil_file"]["due"] == 0
    city_pupil.refresh_from_db()
    assert city_pupil.legal_first_name == "Dev"


def test_the_command_dry_runs_by_default_and_prints_counts_only(county: County):
    grown_up(county)
    out = io.StringIO()
    call_command("retention", "--today", "2026-05-17", "--la", "855", stdout=out)
    text = out.getvalue()
    assert "Dry run (nothing changed)" in text
    assert "Pupil file: 1 due (Anonymise), 0 on legal hold" in text
    assert "Attendance registers: 2 due (Delete), 0 on legal hold" in text
    assert "Amara" not in text
    assert RetentionRun.objects.get().applied is False
    assert Pupil.objects.filter(legal_first_name="Amara").exists()


def test_the_command_applies_when_told(county: County):
    grown_up(county)
    out = io.StringIO()
    call_command("retention", "--apply", "--today", "2026-05-17", stdout=out)
    assert "Pupil file: 1 due (Anonymise), 0 on legal hold, 1 done" in out.getvalue()
    assert not Pupil.objects.filter(legal_first_name="Amara").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "17/05/2026"], "Enter --today as a date like"),
        (["--la", "999"], "There is no local authority with DfE code 999"),
    ],
)
def test_the_command_refuses_bad_arguments(county: County, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("retention", *args, stdout=io.StringIO())
    assert not RetentionRun.objects.exists()


def test_the_weekly_task_is_a_dry_run(county: County):
    pupil = grown_up(county)
    before = snapshot(pupil)
    result = retention_dry_run.call()
    assert result["runs"] >= 1
    assert snapshot(pupil) == before
    assert not RetentionRun.objects.filter(applied=True).exists()
