"""The GIAS import: the reader, the service, the command and the LA officer's upload."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from inclusion.audit.models import AuditEvent
from inclusion.organisations.models import LocalAuthority, School
from inclusion.organisations.postcodes import lookup
from inclusion.providers import gias
from inclusion.providers.models import GiasImport, Provider, ProviderSite
from inclusion.providers.services import gias as services
from tests.factories import ProviderFactory, ProviderSiteFactory, SchoolFactory, leicestershire
from tests.helpers import assert_govuk_error, content, on_page

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "edubasealldata_sample.csv"
MISSING_COLUMN = FIXTURES / "edubasealldata_missing_column.csv"
BAD_ROW = FIXTURES / "edubasealldata_bad_row.csv"

ST_MARYS = "St Mary\N{RIGHT SINGLE QUOTATION MARK}s Catholic Academy"
SCHOOL_URNS = {"170101", "170102", "170103", "170105", "170106"}
PROVIDER_URNS = {"170107", "170108", "170109"}
BAD_ROW_ERRORS = [
    "Row 3, column URN: Enter a URN of 6 digits, like 120345",
    "Row 8, column OfstedLastInsp: Enter a date as dd-mm-yyyy, like 01-09-2015",
]
UPLOAD = reverse("providers:gias_upload")


def import_file(path: Path, *, only_valid_rows: bool = False) -> services.ImportResult:
    return services.run_import(path=path, only_valid_rows=only_valid_rows)


def counts(result: services.ImportResult) -> tuple[int, int, int, int]:
    return result.created, result.updated, result.unchanged, result.skipped


def imported_records() -> tuple[int, int, int]:
    return School.objects.count(), Provider.objects.count(), ProviderSite.objects.count()


def updated_at_of_everything() -> dict[str, dt.datetime]:
    return {
        f"{model.__name__}:{pk}": updated
        for model in (School, Provider, ProviderSite)
        for pk, updated in model.objects.values_list("pk", "updated_at")
    }


def rows_of(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="cp1252", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_csv(
    path: Path, header: list[str], rows: list[dict[str, str]], encoding: str = "cp1252"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def sample_with(tmp_path: Path, **changes_by_urn: dict[str, str]) -> Path:
    header, rows = rows_of(SAMPLE)
    for row in rows:
        row.update(changes_by_urn.get(f"u{row['URN']}", {}))
    return write_csv(tmp_path / "edubasealldata.csv", header, rows)


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return settings.MEDIA_ROOT


@pytest.fixture
def sync_jobs(monkeypatch):
    """Background jobs run at once, in the test's thread and transaction."""
    monkeypatch.setattr(services, "queue_import", services.process_job)


# --- The fixture file imports ----------------------------------------------------------------


def test_the_fixture_is_windows_1252_with_a_curly_apostrophe():
    raw = SAMPLE.read_bytes()
    assert b"St Mary\x92s" in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_import_creates_the_las_secondary_schools_and_registered_ap(db):
    result = import_file(SAMPLE)

    assert result.written
    assert result.file_errors == []
    assert result.row_errors == []
    assert result.total_rows == 13
    # Created: 5 schools and 3 providers. Skipped: a closed school and a closed AP academy we
    # do not hold, a primary school, a special school and an academy in another LA.
    assert counts(result) == (8, 0, 0, 5)
    assert set(School.objects.values_list("urn", flat=True)) == SCHOOL_URNS
    assert set(Provider.objects.values_list("urn", flat=True)) == PROVIDER_URNS


def test_school_fields_come_from_the_file(db):
    import_file(SAMPLE)

    st_marys = School.objects.get(urn="170103")
    assert st_marys.name == ST_MARYS
    assert st_marys.laestab == "8555403"
    assert st_marys.phase == School.Phase.ALL_THROUGH
    assert st_marys.town == "Hinckley"
    assert st_marys.postcode == "LE10 2QB"
    assert st_marys.is_open
    assert st_marys.local_authority == leicestershire()
    assert st_marys.district == LocalAuthority.objects.get(gss_code="E07000132")
    assert School.objects.get(urn="170105").phase == School.Phase.SECONDARY  # middle, secondary
    assert School.objects.get(urn="170106").is_open  # open, but proposed to close


def test_provider_fields_and_main_site_come_from_the_file(db):
    import_file(SAMPLE)

    beacon = Provider.objects.get(urn="170107")
    assert beacon.name == "The Beacon Learning Centre"
    assert beacon.search_name == "the beacon learning centre"
    assert beacon.registration == Provider.Registration.PRU_OR_AP_ACADEMY
    assert beacon.is_registered_school
    assert beacon.local_authority == leicestershire()
    assert beacon.inspectorate == Provider.Inspectorate.OFSTED
    assert beacon.last_inspection_date == dt.date(2023, 3, 14)
    assert beacon.last_inspection_outcome == "Good"
    assert beacon.website == "http://www.beaconlearning.example"
    assert beacon.phone == "01164960107"
    assert (beacon.min_age, beacon.max_age) == (11, 16)
    assert (beacon.key_stage_3, beacon.key_stage_4, beacon.post_16) == (True, True, False)
    assert beacon.is_active
    assert beacon.evidence_missing > 0  # nothing held yet
    site = beacon.sites.get()
    facts = lookup("LE9 5RS")
    assert facts is not None
    assert site.name == "Main site"
    assert site.address_lines == ["Enderby Road", "Whetstone", "Leicester", "LE9 5RS"]
    assert (site.easting, site.northing) == (facts.easting, facts.northing)

    ap_academy = Provider.objects.get(urn="170108")  # phase "secondary", but AP by its type
    assert ap_academy.ukprn == "10067890"
    assert ap_academy.website == "http://charnwood-ap.example"
    free_school = Provider.objects.get(urn="170109")
    assert free_school.last_inspection_date is None
    assert free_school.inspectorate == ""


def test_the_import_is_audited_without_values(db):
    import_file(SAMPLE)

    imported = AuditEvent.objects.get(verb=services.IMPORTED_VERB)
    assert imported.target_id == SAMPLE.name
    created = AuditEvent.objects.filter(verb=AuditEvent.Verb.CREATE)
    assert created.count() == 8
    school_event = created.get(target_id=str(School.objects.get(urn="170103").pk))
    assert "name" in school_event.changes
    assert ST_MARYS not in str(school_event.changes)


def test_importing_again_changes_nothing(db):
    import_file(SAMPLE)
    before = updated_at_of_everything()
    events = AuditEvent.objects.count()

    again = import_file(SAMPLE)

    assert counts(again) == (0, 0, 8, 5)
    assert updated_at_of_everything() == before
    assert imported_records() == (5, 3, 3)
    # Only the import itself is recorded: no record changed.
    assert AuditEvent.objects.count() == events + 1


def test_a_changed_row_updates_only_that_record(db, tmp_path):
    import_file(SAMPLE)
    before = updated_at_of_everything()
    changed = sample_with(tmp_path, u170102={"EstablishmentName": "Wolds Edge Academy Trust"})

    result = import_file(changed)

    assert counts(result) == (0, 1, 7, 5)
    school = School.objects.get(urn="170102")
    assert school.name == "Wolds Edge Academy Trust"
    after = updated_at_of_everything()
    assert {key for key in before if before[key] != after[key]} == {f"School:{school.pk}"}
    event = AuditEvent.objects.get(verb=AuditEvent.Verb.UPDATE, target_id=str(school.pk))
    assert event.changes == ["name"]


def test_existing_records_are_matched_by_urn_and_closures_recorded(db):
    closing_school = SchoolFactory.create(urn="170104", laestab="8555404", name="Old Mill High")
    closing_ap = ProviderFactory.create(urn="170110", name="Riverside", evidence_missing=3)
    listed = ProviderFactory.create(
        urn="170107", name="Beacon (Whetstone)", description="Kept by the import"
    )
    site = ProviderSiteFactory.create(provider=listed, name="Whetstone", postcode="LE1 6ZG")

    result = import_file(SAMPLE)

    assert counts(result) == (7, 3, 0, 3)
    closing_school.refresh_from_db()
    assert not closing_school.is_open
    assert closing_school.name == "Old Mill High School"
    closing_ap.refresh_from_db()
    assert not closing_ap.is_active
    assert closing_ap.registration == Provider.Registration.PRU_OR_AP_ACADEMY
    listed.refresh_from_db()
    assert listed.name == "The Beacon Learning Centre"
    assert listed.description == "Kept by the import"
    assert Provider.objects.filter(urn="170107").count() == 1
    site.refresh_from_db()
    assert site.name == "Whetstone"  # the provider's own name for its site is kept
    assert site.postcode == "LE9 5RS"
    assert listed.sites.count() == 1


def test_blank_optional_values_do_not_erase_what_is_held(db, tmp_path):
    provider = ProviderFactory.create(urn="170109", phone="0116 496 0999", website="")
    import_file(sample_with(tmp_path, u170109={"TelephoneNum": ""}))

    provider.refresh_from_db()
    assert provider.phone == "0116 496 0999"


def test_the_configured_la_is_read_from_settings(db, settings):
    settings.GIAS_LA_CODE = "891"
    LocalAuthority.objects.get_or_create(
        dfe_code="891", defaults={"name": "Nottinghamshire", "gss_code": "E10000024"}
    )

    result = import_file(SAMPLE)

    assert counts(result) == (1, 0, 0, 12)
    assert list(School.objects.values_list("name", flat=True)) == ["Trent Valley Academy"]


# --- Errors: nothing is written unless only valid rows are chosen -----------------------------


def test_a_missing_column_is_named_and_nothing_is_written(db):
    result = import_file(MISSING_COLUMN, only_valid_rows=True)

    assert result.file_errors == [
        "The file is missing the column “LA (code)”. Use the “edubasealldata” file from Get "
        "Information About Schools, with all its columns"
    ]
    assert not result.written
    assert imported_records() == (0, 0, 0)
    assert not AuditEvent.objects.exists()


def test_several_missing_columns_are_named_in_one_message(db, tmp_path):
    header, rows = rows_of(SAMPLE)
    header = [name for name in header if name not in {"URN", "EstablishmentName"}]
    result = services.check_file(write_csv(tmp_path / "few.csv", header, rows))

    assert result.file_errors == [
        "The file is missing the columns “URN” and “EstablishmentName”. Use the "
        "“edubasealldata” file from Get Information About Schools, with all its columns"
    ]


def test_malformed_rows_are_named_by_row_and_column_and_nothing_is_written(db):
    result = import_file(BAD_ROW)

    assert [str(error) for error in result.row_errors] == BAD_ROW_ERRORS
    assert result.error_rows == 2
    assert not result.written
    assert imported_records() == (0, 0, 0)
    assert not AuditEvent.objects.exists()


def test_check_file_reports_without_writing(db):
    result = services.check_file(BAD_ROW)

    assert [str(error) for error in result.row_errors] == BAD_ROW_ERRORS
    assert len(result.planned) == 6
    assert imported_records() == (0, 0, 0)


def test_only_valid_rows_imports_the_rest(db):
    result = import_file(BAD_ROW, only_valid_rows=True)

    assert result.written
    assert counts(result) == (6, 0, 0, 5)
    assert [str(error) for error in result.row_errors] == BAD_ROW_ERRORS
    urns = set(School.objects.values_list("urn", flat=True))
    urns |= set(Provider.objects.values_list("urn", flat=True))
    assert urns == (SCHOOL_URNS | PROVIDER_URNS) - {"170102", "170107"}
    assert "2 rows with errors were not imported" in result.summary()


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("LA (code)", "85", "Enter an LA code of 3 digits, like 855"),
        ("URN", "1701041", "Enter a URN of 6 digits, like 120345"),
        ("CloseDate", "31/08/2019", "Enter a date as dd-mm-yyyy, like 01-09-2015"),
        ("OpenDate", "31-02-2019", "Enter a real date, like 01-09-2015"),
        ("EstablishmentNumber", "54", "Enter an establishment number of 4 digits, like 4001"),
        ("EstablishmentStatus (code)", "9", "Enter an establishment status code from 1 to 4"),
        ("EstablishmentName", "  ", "Enter the establishment's name"),
        ("PhaseOfEducation (code)", "x", "Enter a phase of education code from 0 to 7"),
    ],
)
def test_each_check_names_the_row_and_column(db, tmp_path, column, value, message):
    result = services.check_file(sample_with(tmp_path, u170101={column: value}))

    assert [str(error) for error in result.row_errors] == [f"Row 2, column {column}: {message}"]


def test_rows_of_other_las_are_not_checked_beyond_their_identity(db, tmp_path):
    path = sample_with(tmp_path, u170112={"OpenDate": "not a date"})

    assert services.check_file(path).row_errors == []


def test_a_urn_twice_in_the_file_is_an_error(db, tmp_path):
    header, rows = rows_of(SAMPLE)
    rows.append(dict(rows[0], EstablishmentNumber="5499"))
    result = services.check_file(write_csv(tmp_path / "twice.csv", header, rows))

    assert [str(error) for error in result.row_errors] == [
        "Row 15, column URN: URN 170101 is also in row 2"
    ]


def test_a_laestab_held_by_another_school_is_an_error(db):
    SchoolFactory.create(urn="160001", laestab="8555401", name="Ashby Road School")

    result = import_file(SAMPLE)

    assert [str(error) for error in result.row_errors] == [
        "Row 2, column EstablishmentNumber: LAESTAB 8555401 already belongs to Ashby Road "
        "School (URN 160001)"
    ]
    assert not result.written


def test_no_such_local_authority_is_a_file_error(db, settings):
    settings.GIAS_LA_CODE = "999"

    result = services.check_file(SAMPLE)

    assert result.file_errors == [
        "No local authority with the DfE code 999 is set up: load the local authorities "
        "before importing"
    ]


# --- Reading the real format -----------------------------------------------------------------


def test_added_and_removed_optional_columns_are_tolerated(db, tmp_path):
    header, rows = rows_of(SAMPLE)
    kept = [*gias.REQUIRED_COLUMNS, "Town", "Postcode"]
    header = ["NewColumnFrom2027", *kept]
    for row in rows:
        row["NewColumnFrom2027"] = "anything"
    result = import_file(write_csv(tmp_path / "narrow.csv", header, rows))

    assert counts(result) == (8, 0, 0, 5)
    beacon = Provider.objects.get(urn="170107")
    assert beacon.website == ""
    assert beacon.sites.get().address_line_1 == "The Beacon Learning Centre"


def test_a_utf8_copy_is_read_as_utf8(db, tmp_path):
    header, rows = rows_of(SAMPLE)
    path = write_csv(tmp_path / "resaved.csv", header, rows, encoding="utf-8-sig")

    import_file(path)

    assert School.objects.get(urn="170103").name == ST_MARYS


def test_bytes_windows_1252_cannot_hold_are_a_file_error(db, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(SAMPLE.read_bytes().replace(b"Mary\x92s", b"Mary\x81s"))

    result = services.check_file(path)

    assert result.file_errors == [gias.ENCODING_PROBLEM]


def test_an_empty_file_is_a_file_error(db, tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")

    assert services.check_file(path).file_errors == ["The selected file is empty"]


def test_progress_is_reported_every_500_rows(db, tmp_path):
    header, rows = rows_of(SAMPLE)
    other_la = [
        dict(rows[11], URN=f"{180000 + n}", EstablishmentName=f"School {n}") for n in range(1100)
    ]
    path = write_csv(tmp_path / "big.csv", header, rows + other_la)
    calls: list[tuple[int, int]] = []

    result = services.check_file(path, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(500, 1113), (1000, 1113), (1113, 1113)]
    assert result.skipped == 1105


# --- The command -----------------------------------------------------------------------------


def test_the_command_imports_and_prints_progress_and_a_summary(db):
    out = io.StringIO()

    call_command("import_gias", str(SAMPLE), stdout=out)

    text = out.getvalue()
    assert "Checked 13 of 13 rows" in text
    assert "Created 8, updated 0, unchanged 0, skipped 5" in text
    assert imported_records() == (5, 3, 3)


def test_the_command_refuses_a_file_with_errors_and_writes_nothing(db):
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 rows have errors, so nothing was imported"):
        call_command("import_gias", str(BAD_ROW), stdout=io.StringIO(), stderr=err)

    assert err.getvalue().splitlines() == BAD_ROW_ERRORS
    assert imported_records() == (0, 0, 0)


def test_the_command_imports_only_valid_rows_when_asked(db):
    out, err = io.StringIO(), io.StringIO()

    call_command("import_gias", str(BAD_ROW), "--only-valid-rows", stdout=out, stderr=err)

    assert "Row 3, column URN: Enter a URN of 6 digits" in err.getvalue()
    assert "Created 6" in out.getvalue()
    assert imported_records() == (4, 2, 2)


def test_the_command_names_a_missing_column(db):
    with pytest.raises(CommandError, match="missing the column “LA \\(code\\)”"):
        call_command("import_gias", str(MISSING_COLUMN), stdout=io.StringIO())


def test_the_command_needs_a_file_that_exists(db, tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("import_gias", str(tmp_path / "nope.csv"), stdout=io.StringIO())


# --- The upload in the app -------------------------------------------------------------------


def upload(name: str = "edubasealldata20260302.csv", data: bytes | None = None):
    return SimpleUploadedFile(name, SAMPLE.read_bytes() if data is None else data, "text/csv")


def post_upload(client, django_capture_on_commit_callbacks, file=None):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(UPLOAD, {"file": file or upload()})


def test_the_upload_page_explains_the_import(persona_client):
    response = persona_client("la_officer").get(UPLOAD)

    assert response.status_code == 200
    assert on_page(response, "Import schools and alternative provision from GIAS")
    assert on_page(response, "Leicestershire (LA code 855)")
    assert 'enctype="multipart/form-data"' in content(response)
    assert on_page(response, "It must be smaller than 200MB")


def test_an_oversize_file_is_refused(persona_client, settings, uploads):
    settings.GIAS_MAX_BYTES = 1024

    response = persona_client("la_officer").post(UPLOAD, {"file": upload()})

    assert_govuk_error(response, "The selected file must be smaller than 1KB")
    assert not GiasImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("edubasealldata.xlsx", b"URN,LA (code)\r\n"),
        ("edubasealldata.csv", b"PK\x03\x04 a spreadsheet renamed"),
        ("edubasealldata.csv", b"URN\x00\x00binary"),
        ("edubasealldata.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
    ],
)
def test_a_file_that_is_not_a_csv_is_refused(persona_client, uploads, name, data):
    response = persona_client("la_officer").post(UPLOAD, {"file": upload(name, data)})

    assert_govuk_error(response, "The selected file must be a CSV")
    assert not GiasImport.objects.exists()


def test_no_file_is_refused(persona_client, uploads):
    response = persona_client("la_officer").post(UPLOAD, {})

    assert_govuk_error(response, "Select the GIAS CSV file")


def test_an_la_officers_upload_runs_and_the_job_page_shows_the_counts(
    persona_client, county, uploads, sync_jobs, django_capture_on_commit_callbacks
):
    client = persona_client("la_officer")

    response = post_upload(client, django_capture_on_commit_callbacks)

    job = GiasImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("providers:gias_job", kwargs={"pk": job.pk})
    assert job.status == GiasImport.Status.DONE
    assert (job.created, job.updated, job.unchanged, job.skipped) == (8, 0, 0, 5)
    assert (job.total_rows, job.processed_rows) == (13, 13)
    assert job.uploaded_by == county.memberships["la_officer"].user
    assert job.file_name == "edubasealldata20260302.csv"
    assert School.objects.filter(urn="170103", name=ST_MARYS).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = content(page)
    assert "Imported" in html
    for label, value in (("Created", 8), ("Updated", 0), ("Unchanged", 0), ("Skipped", 5)):
        assert f'{label}</dt><dd class="govuk-summary-list__value">{value}' in html
    assert 'http-equiv="refresh"' not in html
    assert AuditEvent.objects.filter(verb=services.IMPORTED_VERB, target_id=str(job.pk)).exists()
    listing = client.get(UPLOAD)
    assert on_page(listing, "edubasealldata20260302.csv")


def test_an_upload_with_errors_waits_for_a_decision_then_imports_the_valid_rows(
    persona_client, county, uploads, sync_jobs, django_capture_on_commit_callbacks
):
    client = persona_client("la_officer")
    post_upload(client, django_capture_on_commit_callbacks, upload(data=BAD_ROW.read_bytes()))
    job = GiasImport.objects.get()
    assert job.status == GiasImport.Status.NEEDS_DECISION
    assert School.objects.filter(urn__in=SCHOOL_URNS).count() == 0

    page = client.get(reverse("providers:gias_job", kwargs={"pk": job.pk}))
    html = content(page)
    assert on_page(page, "The file has 2 problems in 2 rows. Nothing has been imported yet.")
    assert "Import only the valid rows" in html
    assert "Cancel the import" in html
    assert '<td class="govuk-table__cell app-table-nowrap">OfstedLastInsp</td>' in html

    decide = reverse("providers:gias_decide", kwargs={"pk": job.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide, {"decision": "import_valid"})

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == GiasImport.Status.DONE
    assert job.only_valid_rows
    assert (job.created, job.skipped) == (6, 5)
    assert len(job.errors) == 2
    page = client.get(reverse("providers:gias_job", kwargs={"pk": job.pk}))
    assert on_page(page, "Rows with errors, not imported")
    # A second click changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(decide, {"decision": "cancel"})
    assert again.status_code == 302
    job.refresh_from_db()
    assert job.status == GiasImport.Status.DONE


def test_cancelling_writes_nothing(
    persona_client, county, uploads, sync_jobs, django_capture_on_commit_callbacks
):
    client = persona_client("la_officer")
    post_upload(client, django_capture_on_commit_callbacks, upload(data=BAD_ROW.read_bytes()))
    job = GiasImport.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("providers:gias_decide", kwargs={"pk": job.pk}), {"decision": "cancel"})

    job.refresh_from_db()
    assert job.status == GiasImport.Status.CANCELLED
    assert Provider.objects.filter(urn__in=PROVIDER_URNS).count() == 0
    page = client.get(reverse("providers:gias_job", kwargs={"pk": job.pk}))
    assert on_page(page, "The import was cancelled. Nothing was imported.")


def test_a_decision_must_be_one_of_the_two(
    persona_client, county, uploads, sync_jobs, django_capture_on_commit_callbacks
):
    client = persona_client("la_officer")
    post_upload(client, django_capture_on_commit_callbacks, upload(data=BAD_ROW.read_bytes()))
    job = GiasImport.objects.get()

    response = client.post(reverse("providers:gias_decide", kwargs={"pk": job.pk}), {})

    assert_govuk_error(
        response, "Select whether to import only the valid rows or cancel the import"
    )
    job.refresh_from_db()
    assert job.status == GiasImport.Status.NEEDS_DECISION


def test_a_file_missing_a_column_fails_with_the_message(
    persona_client, county, uploads, sync_jobs, django_capture_on_commit_callbacks
):
    client = persona_client("la_officer")
    data = MISSING_COLUMN.read_bytes()
    post_upload(client, django_capture_on_commit_callbacks, upload(data=data))
    job = GiasImport.objects.get()

    assert job.status == GiasImport.Status.FAILED
    page = client.get(reverse("providers:gias_job", kwargs={"pk": job.pk}))
    assert on_page(page, "The file is missing the column “LA (code)”")
    assert imported_records() == (3, 1, 0)  # the county's own records, untouched


def test_an_unexpected_failure_is_recorded_on_the_job(
    persona_client, county, uploads, monkeypatch, sync_jobs, django_capture_on_commit_callbacks
):
    def explode(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "run_import", explode)
    post_upload(persona_client("la_officer"), django_capture_on_commit_callbacks)

    job = GiasImport.objects.get()
    assert job.status == GiasImport.Status.FAILED
    assert job.message == services.UNEXPECTED_FAILURE


def running_job(county, **fields) -> GiasImport:
    values = {
        "uploaded_by": county.memberships["la_officer"].user,
        "file": "gias/2026/03/x.csv",
        "file_name": "edubasealldata.csv",
        "status": GiasImport.Status.CHECKING,
        "total_rows": 3400,
        "processed_rows": 1200,
    }
    return GiasImport.objects.create(**(values | fields))


def test_a_running_job_shows_its_progress_and_can_refresh_itself(persona_client, county):
    job = running_job(county)
    client = persona_client("la_officer")
    url = reverse("providers:gias_job", kwargs={"pk": job.pk})

    page = client.get(url)
    html = content(page)
    assert on_page(page, "Checked 1,200 of 3,400 rows")
    assert '<progress id="gias-progress" max="3400" value="1200">' in html
    assert 'http-equiv="refresh"' not in html  # only when asked for (WCAG 2.2.1)
    assert f'href="{url}?auto=1"' in html

    auto = content(client.get(url, {"auto": "1"}))
    assert '<meta http-equiv="refresh" content="2">' in auto
    assert "Stop updating this page automatically" in auto


def test_a_job_that_stopped_says_so(persona_client, county):
    job = running_job(county)
    GiasImport.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - services.STALE_AFTER - dt.timedelta(minutes=1)
    )

    page = persona_client("la_officer").get(
        reverse("providers:gias_job", kwargs={"pk": job.pk}), {"auto": "1"}
    )

    assert on_page(page, "This import stopped before it finished")
    assert 'http-equiv="refresh"' not in content(page)


@pytest.mark.parametrize(
    "persona",
    [
        "school_a",
        "coordinator",
        "chair",
        "provider",
        "virtual_school",
        "governance",
        "service_admin",
    ],
)
def test_other_personas_cannot_upload_or_see_imports(
    persona_client, county, uploads, sync_jobs, django_capture_on_commit_callbacks, persona
):
    job = running_job(county, status=GiasImport.Status.NEEDS_DECISION)
    client = persona_client(persona)

    assert post_upload(client, django_capture_on_commit_callbacks).status_code == 404
    assert client.get(reverse("providers:gias_job", kwargs={"pk": job.pk})).status_code == 404
    decide = reverse("providers:gias_decide", kwargs={"pk": job.pk})
    assert client.post(decide, {"decision": "cancel"}).status_code == 404
    assert GiasImport.objects.get().status == GiasImport.Status.NEEDS_DECISION
    assert imported_records() == (3, 1, 0)


def test_an_upload_is_queued_and_the_background_worker_imports_it(
    persona_client, county, uploads, django_capture_on_commit_callbacks, run_worker_once
):
    response = post_upload(persona_client("la_officer"), django_capture_on_commit_callbacks)

    job = GiasImport.objects.get()
    assert response.status_code == 302
    assert job.status == GiasImport.Status.QUEUED
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "inclusion.providers.tasks.gias_import"
    assert queued.args_kwargs["args"] == [str(job.pk)]

    run_worker_once()

    job.refresh_from_db()
    assert job.status == GiasImport.Status.DONE
    assert (job.created, job.skipped) == (8, 5)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
