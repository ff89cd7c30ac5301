"""Uploading marks from a spreadsheet (issue 6, part 7): the template, a valid file saved as the
register saves it (marks, one audit event, alerts), and every refused file refused as a whole
with errors by row and nothing written."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
import uuid

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.attendance.models import AttendanceAlert, AttendanceMark
from inclusion.attendance.services.imports import parse_date
from inclusion.audit.models import AuditEvent
from tests.attendance.factories_register import (
    MONDAY,
    STARTED,
    WEDNESDAY,
    WEEK,
    freeze,
    many_placements,
    register_placement,
)
from tests.helpers import assert_govuk_error, content, on_page
from tests.placements.factories_provider import other_site

IMPORT_URL = reverse("attendance:import")
TEMPLATE_URL = reverse("attendance:import_template_csv")
REGISTER_URL = reverse("attendance:register")
HEADER = "placement_reference,date,session,code,minutes_late"
TUESDAY = WEEK[1]


@pytest.fixture(autouse=True)
def frozen(monkeypatch):
    return freeze(monkeypatch)


@pytest.fixture
def provider(persona_client):
    return persona_client("provider")


def line(placement, day, session, code, late=""):
    pk = placement if isinstance(placement, str) else placement.pk
    return f"{pk},{day if isinstance(day, str) else day.isoformat()},{session},{code},{late}"


def upload(client, *lines, header=HEADER, name="marks.csv", encoding="utf-8", reason=""):
    body = "\r\n".join([header, *lines]) + "\r\n"
    file = SimpleUploadedFile(name, body.encode(encoding), content_type="text/csv")
    return client.post(IMPORT_URL, {"file": file, "changed_reason": reason})


def row_errors(response) -> list[tuple[int, str]]:
    """(row, problem) of the table of errors on the page."""
    found = re.findall(
        r'<td class="govuk-table__cell">(\d+)</td>\s*<td class="govuk-table__cell">(.*?)</td>',
        content(response),
    )
    return [(int(row), html.unescape(message)) for row, message in found]


def nothing_written() -> None:
    assert not AttendanceMark.objects.exists()
    assert not AttendanceAlert.objects.exists()
    assert not AuditEvent.objects.filter(target_type="attendance.attendancemark").exists()


def refused(response, *expected: tuple[int, str]) -> None:
    rows = len({row for row, _ in expected})
    noun = "row" if rows == 1 else "rows"
    assert_govuk_error(response, f"The file has errors in {rows} {noun}")
    assert on_page(response, "No marks have been saved")
    assert row_errors(response) == list(expected)
    nothing_written()


# Saving a valid file -------------------------------------------------------------------------


def test_a_valid_file_saves_the_marks_and_raises_alerts_as_the_register_does(
    county, provider, django_capture_on_commit_callbacks
):
    amara = register_placement(county)
    billy = register_placement(county, pupil=county.pupil_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(
            provider,
            line(amara, MONDAY, "AM", "/"),
            line(amara, "02/03/2026", "pm", "\\"),
            line(amara, TUESDAY, "am", "L", "12"),
            line(billy, MONDAY, "PM", "n"),
            line(billy, TUESDAY, "AM", "N"),
            line(billy, TUESDAY, "PM", "O"),
            line(billy, WEDNESDAY, "AM", ""),  # not marked: left out
        )
    assert response.status_code == 302
    assert response["Location"] == REGISTER_URL
    written = {
        (m.placement_id, m.date, m.session): (m.code, m.minutes_late)
        for m in AttendanceMark.objects.all()
    }
    assert written == {
        (amara.pk, MONDAY, "am"): ("/", None),
        (amara.pk, MONDAY, "pm"): ("\\", None),
        (amara.pk, TUESDAY, "am"): ("L", 12),
        (billy.pk, MONDAY, "pm"): ("N", None),
        (billy.pk, TUESDAY, "am"): ("N", None),
        (billy.pk, TUESDAY, "pm"): ("O", None),
    }
    assert {m.recorded_by for m in AttendanceMark.objects.all()} == {
        county.memberships["provider"].user
    }
    absences = AttendanceAlert.objects.filter(kind=AttendanceAlert.Kind.ABSENCE)
    assert set(absences.values_list("placement", "date", "session")) == {
        (billy.pk, MONDAY, "pm"),
        (billy.pk, TUESDAY, "am"),
        (billy.pk, TUESDAY, "pm"),
    }
    consecutive = AttendanceAlert.objects.get(kind=AttendanceAlert.Kind.CONSECUTIVE)
    assert (consecutive.placement, consecutive.date, consecutive.session) == (
        billy,
        TUESDAY,
        "pm",
    )
    event = AuditEvent.objects.get(target_type="attendance.attendancemark")
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.changes == ["code", "minutes_late"]
    assert event.actor == county.memberships["provider"].user
    message = [str(m) for m in get_messages(response.wsgi_request)]
    assert message == [
        "6 marks saved from the file. The school and the co-ordinator have been told about "
        "the absence"
    ]


def test_columns_are_found_by_name_in_any_order_and_case(county, provider):
    amara = register_placement(county)
    header = "Pupil,Minutes late,Code,Session,Date,Placement Reference"
    response = upload(provider, f"Amara O.,,/,AM,2026-03-02,{amara.pk}", header="\ufeff" + header)
    assert response.status_code == 302
    assert AttendanceMark.objects.get().code == "/"


def test_a_windows_1252_file_is_read(county, provider):
    amara = register_placement(county)
    response = upload(
        provider,
        line(amara, MONDAY, "AM", "/") + ",Zoë\N{RIGHT SINGLE QUOTATION MARK}s note",
        header=HEADER + ",notes",
        encoding="cp1252",
    )
    assert response.status_code == 302
    assert AttendanceMark.objects.count() == 1


def test_changing_a_past_mark_needs_the_reason(county, provider):
    amara = register_placement(county)
    assert upload(provider, line(amara, MONDAY, "AM", "/")).status_code == 302
    response = upload(provider, line(amara, MONDAY, "AM", "I"))
    assert_govuk_error(response, "Enter why you changed marks for days before today")
    assert AttendanceMark.objects.get().code == "/"

    response = upload(provider, line(amara, MONDAY, "AM", "I"), reason="Medical letter")
    assert response.status_code == 302
    mark = AttendanceMark.objects.get()
    assert (mark.code, mark.changed_reason) == ("I", "Medical letter")
    event = AuditEvent.objects.filter(target_type="attendance.attendancemark").latest("at", "id")
    assert event.verb == AuditEvent.Verb.UPDATE
    assert event.changes == ["changed_reason", "code"]


def test_a_file_that_changes_nothing_says_so(county, provider):
    amara = register_placement(county)
    upload(provider, line(amara, MONDAY, "AM", "/"))
    response = upload(provider, line(amara, MONDAY, "AM", "/"))
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "No marks were changed: the file matches the register"
    )
    assert AuditEvent.objects.filter(target_type="attendance.attendancemark").count() == 1


# Refusing a file ------------------------------------------------------------------------------


def test_an_unknown_code_is_refused_with_its_row_and_nothing_written(county, provider):
    amara = register_placement(county)
    response = upload(
        provider,
        line(amara, MONDAY, "AM", "/"),
        line(amara, MONDAY, "PM", "ZZ"),
        line(amara, TUESDAY, "AM", "B"),
    )
    refused(
        response,
        (3, "“ZZ” is not an attendance code: use a code from the list"),
        (4, "A provider cannot use the code “B”: use a code from the list"),
    )


@pytest.mark.parametrize(
    ("fields", "inside", "outside", "message"),
    [
        (
            {"start_date": TUESDAY},
            WEDNESDAY,
            MONDAY,
            "The date must be on or after the day the placement of Amara O. started (3 March 2026)",
        ),
        (
            {"start_date": STARTED, "end_date": MONDAY},
            MONDAY,
            TUESDAY,
            "The date must be on or before the day the placement of Amara O. ended (2 March 2026)",
        ),
    ],
)
def test_a_date_outside_the_placement_is_refused(
    county, provider, fields, inside, outside, message
):
    amara = register_placement(county, **fields)
    response = upload(provider, line(amara, inside, "AM", "/"), line(amara, outside, "AM", "/"))
    refused(response, (3, message))


def test_a_duplicate_session_is_refused(county, provider):
    amara = register_placement(county)
    response = upload(
        provider,
        line(amara, MONDAY, "AM", "/"),
        line(amara, MONDAY, "PM", "\\"),
        line(amara, "02/03/2026", "am", "N"),
    )
    refused(
        response,
        (4, "This row is for the same pupil, date and session as row 2: keep only one of them"),
    )


def test_a_placement_of_another_provider_is_not_found(county, provider):
    amara = register_placement(county)
    theirs = register_placement(county, pupil=county.pupil_b)
    theirs.site = other_site()
    theirs.save()
    response = upload(
        provider,
        line(amara, MONDAY, "AM", "/"),
        line(theirs, MONDAY, "AM", "/"),
        line(str(uuid.uuid4()), MONDAY, "AM", "/"),
        line("ref-123", MONDAY, "AM", "/"),
    )
    not_found = "Placement reference not found: copy the reference from the template"
    refused(response, (3, not_found), (4, not_found), (5, not_found))
    assert not on_page(response, "Billy")


def test_an_ended_placement_cannot_be_marked(county, provider):
    amara = register_placement(county, status="ended", end_date=WEEK[4], end_reason="completed")
    response = upload(provider, line(amara, MONDAY, "AM", "/"))
    refused(
        response,
        (2, "The placement of Amara O. is not active: marks can only be uploaded while it is"),
    )


def test_a_session_the_pupil_is_not_expected_at_is_refused(county, provider):
    amara = register_placement(county)
    amara.sessions.exclude(weekday=0).delete()  # Mondays only
    response = upload(
        provider,
        line(amara, MONDAY, "AM", "/"),
        line(amara, TUESDAY, "AM", "/"),
        line(amara, "2026-02-28", "AM", "/"),  # a Saturday
    )
    refused(
        response,
        (
            3,
            "Amara O. is not expected at your provision on Tuesday 3 March 2026 morning: "
            "check the date and the session",
        ),
        (
            4,
            "Amara O. is not expected at your provision on Saturday 28 February 2026 morning: "
            "check the date and the session",
        ),
    )


def test_sessions_that_have_not_started_are_refused(county, provider, monkeypatch):
    freeze(monkeypatch, dt.datetime.combine(WEDNESDAY, dt.time(10, 30)))
    amara = register_placement(county)
    response = upload(
        provider,
        line(amara, WEDNESDAY, "AM", "/"),
        line(amara, WEDNESDAY, "PM", "\\"),
        line(amara, WEEK[3], "AM", "/"),
    )
    refused(
        response,
        (
            3,
            "The mark for Amara O., Wednesday 4 March 2026 afternoon must be for a session "
            "that has started",
        ),
        (4, "The date must be today or in the past: a session cannot be marked before it starts"),
    )


def test_bad_values_are_refused_with_every_problem_of_the_row(county, provider):
    amara = register_placement(county)
    response = upload(
        provider,
        line(amara, "2026-02-30", "midday", "/"),
        line(amara, "", "", "/"),
        line("", MONDAY, "AM", "/"),
        line(amara, MONDAY, "AM", "/", "10"),
        line(amara, MONDAY, "PM", "L", "ten"),
    )
    refused(
        response,
        (2, "The date must be a real date, like 2026-03-02 or 02/03/2026"),
        (2, "The session must be AM or PM"),
        (3, "Enter the date, like 2026-03-02 or 02/03/2026"),
        (3, "Enter the session: AM or PM"),
        (4, "Enter the placement reference, copied from the template"),
        (
            5,
            "Minutes late for Amara O., Monday 2 March 2026 morning must only be entered "
            "with code L or U",
        ),
        (6, "Minutes late must be a whole number from 1 to 300"),
    )


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("marks.csv", HEADER.replace(",code", ""), "The file must have the column “code”"),
        (
            "marks.csv",
            "pupil,code",
            "The file must have the columns “placement_reference”, “date” and “session”",
        ),
        ("marks.txt", HEADER, "The selected file must be a CSV"),
        ("marks.csv", "", "The selected file is empty"),
        ("marks.csv", HEADER + "\r\n,,,,\r\n", "The selected file has no marks in it"),
    ],
)
def test_a_file_that_cannot_be_used_is_refused(county, provider, name, body, message):
    file = SimpleUploadedFile(name, body.encode(), content_type="text/csv")
    response = provider.post(IMPORT_URL, {"file": file, "changed_reason": ""})
    assert_govuk_error(response, message)
    nothing_written()


def test_a_spreadsheet_that_is_not_a_csv_is_refused(county, provider):
    xlsx = b"PK\x03\x04" + b"\x00" * 100
    file = SimpleUploadedFile("marks.csv", xlsx, content_type="text/csv")
    assert_govuk_error(provider.post(IMPORT_URL, {"file": file}), "The selected file must be a CSV")


def test_no_file_and_a_file_too_large_are_refused(county, provider, settings):
    assert_govuk_error(provider.post(IMPORT_URL, {}), "Select the CSV file of marks")
    settings.ATTENDANCE_IMPORT_MAX_BYTES = 1024
    amara = register_placement(county)
    response = upload(provider, *[line(amara, MONDAY, "AM", "/")] * 40)
    assert_govuk_error(response, "The selected file must be smaller than 1KB")
    nothing_written()


def test_a_file_of_many_pupils_is_checked_in_bounded_queries(county, provider):
    def queries(placements) -> int:
        lines = [
            line(p, day, s, "/" if s == "AM" else "\\")
            for p in placements
            for day in WEEK[:2]
            for s in ("AM", "PM")
        ]
        AttendanceMark.objects.all().delete()
        with CaptureQueriesContext(connection) as captured:
            assert upload(provider, *lines).status_code == 302
        return len([q for q in captured.captured_queries if "attendancemark" not in q["sql"]])

    few = many_placements(county, 2)
    assert queries(few) == queries(few + many_placements(county, 10))


# The page and the template --------------------------------------------------------------------


def test_the_page_explains_the_file_and_links_the_templates(county, provider):
    response = provider.get(IMPORT_URL)
    assert response.status_code == 200
    assert on_page(response, "Upload marks from a spreadsheet")
    assert f'href="{TEMPLATE_URL}"' in content(response)
    assert f'href="{TEMPLATE_URL}?week=2026-02-23"' in content(response)
    assert on_page(response, "Late arrival before the register closed")
    assert 'enctype="multipart/form-data"' in content(response)
    assert f'href="{IMPORT_URL}"' in content(provider.get(REGISTER_URL))


def _template(client, query: str = "") -> list[list[str]]:
    response = client.get(TEMPLATE_URL + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_the_template_lists_this_weeks_sessions_by_pack_name(county, provider):
    amara = register_placement(county)
    billy = register_placement(county, pupil=county.pupil_b)
    upload(provider, line(amara, MONDAY, "AM", "L", "5"))
    theirs = register_placement(county, pupil=county.pupil_c_looked_after)
    theirs.site = other_site()
    theirs.save()
    rows = _template(provider)
    assert rows[0] == [
        "placement_reference",
        "pupil",
        "school",
        "date",
        "session",
        "code",
        "minutes_late",
    ]
    assert len(rows) == 1 + 2 * 5 * 2
    assert rows[1] == [str(amara.pk), "Amara O.", "Brookvale Academy", "2026-03-02", "AM", "L", "5"]
    assert rows[2] == [str(billy.pk), "Billy H.", "Fernhill School", "2026-03-02", "AM", "", ""]
    assert rows[-1][3:5] == ["2026-03-06", "PM"]
    text = str(rows)
    assert str(theirs.pk) not in text
    assert "Osei" not in text
    assert county.pupil_a.upn not in text


def test_the_template_of_another_week_and_a_bad_week(county, provider):
    register_placement(county)
    rows = _template(provider, "?week=2026-02-25")
    assert {row[3] for row in rows[1:]} == {f"2026-02-{day}" for day in range(23, 28)}
    assert provider.get(TEMPLATE_URL + "?week=not-a-date").status_code == 404


def test_the_template_filled_in_and_uploaded_saves_the_marks(county, provider):
    register_placement(county)
    rows = _template(provider)
    for row in rows[1:]:
        if row[3] < WEDNESDAY.isoformat() or (row[3], row[4]) == (WEDNESDAY.isoformat(), "AM"):
            row[5] = "/" if row[4] == "AM" else "\\"
    body = io.StringIO()
    csv.writer(body).writerows(rows)
    file = SimpleUploadedFile("template.csv", body.getvalue().encode("utf-8-sig"))
    response = provider.post(IMPORT_URL, {"file": file, "changed_reason": ""})
    assert response.status_code == 302
    assert AttendanceMark.objects.count() == 5


@pytest.mark.parametrize("persona", ["school_a", "coordinator", "la_officer", "virtual_school"])
def test_only_provider_staff_may_upload(county, persona_client, persona):
    amara = register_placement(county)
    client = persona_client(persona)
    assert client.get(IMPORT_URL).status_code == 404
    assert client.get(TEMPLATE_URL).status_code == 404
    assert upload(client, line(amara, MONDAY, "AM", "/")).status_code == 404
    nothing_written()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-02", dt.date(2026, 3, 2)),
        ("02/03/2026", dt.date(2026, 3, 2)),
        ("2/3/2026", dt.date(2026, 3, 2)),
        ("31/02/2026", None),
        ("2026-3-2", None),
        ("03-02-2026", None),
        ("", None),
    ],
)
def test_dates_are_read_year_first_or_day_first(value, expected):
    assert parse_date(value) == expected
