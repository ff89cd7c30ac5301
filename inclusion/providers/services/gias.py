"""Import of the GIAS "edubasealldata" file: the configured local authority's secondary
schools into ``organisations.School`` and its registered alternative provision into
``providers.Provider``, both matched by URN.

One file is one transaction: when the check finds errors and the user has not chosen to import
only the valid rows, nothing is written. Importing the same file again changes nothing (and
leaves ``updated_at`` alone). The file's reading and validation is ``providers.gias``.

The in-app upload is imported by the background worker (``manage.py worker``): the job row,
``GiasImport``, carries the progress the job page shows.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership, User
from inclusion.audit.models import AuditEvent
from inclusion.audit.services import audit_record
from inclusion.organisations.models import LocalAuthority, School
from inclusion.organisations.postcodes import lookup
from inclusion.providers.gias import (
    ESTABLISHMENT_NUMBER,
    Establishment,
    Kind,
    Progress,
    RowError,
    read_gias,
)
from inclusion.providers.models import GiasImport, Provider, ProviderSite

logger = logging.getLogger(__name__)

IMPORTED_VERB = AuditEvent.Verb.GIAS_IMPORTED
MAX_STORED_ERRORS = 1000
# A running job whose row has not moved for this long has stopped (the process ended).
STALE_AFTER = dt.timedelta(minutes=10)
UNEXPECTED_FAILURE = (
    "The import stopped because of an unexpected problem. Nothing was imported. "
    "Try again, and tell the service team if it happens again."
)
RUNNING = (GiasImport.Status.QUEUED, GiasImport.Status.CHECKING, GiasImport.Status.IMPORTING)


def configured_la_code() -> str:
    """The DfE code of the local authority whose establishments are imported: the
    ``GIAS_LA_CODE`` setting, else the service's home LA (855, Leicestershire)."""
    return str(settings.GIAS_LA_CODE or settings.SERVICE_HOME_LA_CODE)


# --- Results ---------------------------------------------------------------------------------


def _error_rows(errors: Iterable[RowError]) -> int:
    return len({error.row for error in errors})


@dataclass
class Planned:
    establishment: Establishment
    existing: School | Provider | None


@dataclass
class CheckResult:
    file_errors: list[str] = field(default_factory=list)
    read_errors: list[RowError] = field(default_factory=list)
    establishments: list[Establishment] = field(default_factory=list)
    total_rows: int = 0
    out_of_scope: int = 0
    # Set by _plan: what would be written, what cannot be, and closed establishments we do
    # not hold (skipped rather than created).
    planned: list[Planned] = field(default_factory=list)
    plan_errors: list[RowError] = field(default_factory=list)
    closed_unknown: int = 0

    @property
    def row_errors(self) -> list[RowError]:
        return sorted([*self.read_errors, *self.plan_errors], key=lambda error: error.row)

    @property
    def skipped(self) -> int:
        return self.out_of_scope + self.closed_unknown

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.row_errors)

    @property
    def error_rows(self) -> int:
        return _error_rows(self.row_errors)


@dataclass
class ImportResult:
    file_errors: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    written: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.row_errors)

    @property
    def error_rows(self) -> int:
        return _error_rows(self.row_errors)

    def summary(self) -> str:
        text = (
            f"Created {self.created:,}, updated {self.updated:,}, unchanged {self.unchanged:,}, "
            f"skipped {self.skipped:,} (out of scope or closed) of {self.total_rows:,} rows"
        )
        if self.row_errors:
            text += f"; {self.error_rows:,} rows with errors were not imported"
        return text


# --- Checking --------------------------------------------------------------------------------


def check_file(path: Path, *, progress: Progress | None = None) -> CheckResult:
    """Read and check the file without writing anything."""
    with path.open("rb") as stream:
        return _check(stream, progress=progress)


def _check(stream: BinaryIO, *, progress: Progress | None) -> CheckResult:
    read = read_gias(stream, la_code=configured_la_code(), progress=progress)
    result = CheckResult(
        file_errors=read.file_errors,
        read_errors=read.row_errors,
        establishments=read.establishments,
        total_rows=read.total_rows,
        out_of_scope=read.skipped,
    )
    if not result.file_errors and configured_authority() is None:
        result.file_errors.append(
            f"No local authority with the DfE code {configured_la_code()} is set up: "
            "load the local authorities before importing"
        )
    if not result.file_errors:
        _plan(result)
    return result


def configured_authority() -> LocalAuthority | None:
    return LocalAuthority.objects.filter(dfe_code=configured_la_code()).first()


def _plan(result: CheckResult) -> None:
    """Match each establishment to the record it updates, and find what cannot be written:
    a LAESTAB held by another school. Closed establishments we do not hold are skipped."""
    establishments = result.establishments
    schools = {
        school.urn: school
        for school in School.objects.filter(
            urn__in=[e.urn for e in establishments if e.kind is Kind.SCHOOL]
        )
    }
    providers: dict[str, Provider] = {}
    for provider in (
        Provider.objects.filter(urn__in=[e.urn for e in establishments if e.kind is Kind.PROVIDER])
        .order_by("created_at")
        .prefetch_related("sites")
    ):
        providers.setdefault(provider.urn, provider)
    holders = {
        school.laestab: school
        for school in School.objects.filter(laestab__in=[e.laestab for e in establishments])
    }
    first_row_of: dict[str, int] = {}
    result.planned, result.plan_errors, result.closed_unknown = [], [], 0
    for establishment in establishments:
        existing: School | Provider | None = (
            schools.get(establishment.urn)
            if establishment.kind is Kind.SCHOOL
            else providers.get(establishment.urn)
        )
        if existing is None and not establishment.is_open:
            result.closed_unknown += 1
            continue
        if establishment.kind is Kind.SCHOOL:
            problem = _laestab_problem(establishment, holders, first_row_of)
            if problem is not None:
                result.plan_errors.append(problem)
                continue
        result.planned.append(Planned(establishment, existing))


def _laestab_problem(
    establishment: Establishment, holders: dict[str, School], first_row_of: dict[str, int]
) -> RowError | None:
    laestab = establishment.laestab
    holder = holders.get(laestab)
    message = ""
    if laestab in first_row_of:
        message = f"LAESTAB {laestab} is also in row {first_row_of[laestab]}"
    elif holder is not None and holder.urn != establishment.urn:
        message = f"LAESTAB {laestab} already belongs to {holder.name} (URN {holder.urn})"
    first_row_of.setdefault(laestab, establishment.row)
    return RowError(establishment.row, ESTABLISHMENT_NUMBER, message) if message else None


# --- Importing -------------------------------------------------------------------------------


def run_import(
    *,
    only_valid_rows: bool,
    path: Path | None = None,
    job: GiasImport | None = None,
    progress: Progress | None = None,
    actor: User | None = None,
    membership: Membership | None = None,
    before_writing: Callable[[], None] | None = None,
) -> ImportResult:
    """Check the file (a ``path``, or a ``job``'s upload) and, if it has no errors or
    ``only_valid_rows`` is chosen, import it in one transaction."""
    if job is not None:
        with job.file.open("rb") as handle:
            return _run(
                cast(BinaryIO, handle),
                only_valid_rows=only_valid_rows,
                progress=progress,
                actor=actor or job.uploaded_by,
                membership=membership,
                target=job,
                before_writing=before_writing,
            )
    if path is None:
        raise TypeError("run_import needs a path or a job")
    with path.open("rb") as stream:
        return _run(
            stream,
            only_valid_rows=only_valid_rows,
            progress=progress,
            actor=actor,
            membership=membership,
            target=path.name,
            before_writing=before_writing,
        )


def _blocked(check: CheckResult, only_valid_rows: bool) -> bool:
    return bool(check.file_errors) or (bool(check.row_errors) and not only_valid_rows)


def _run(
    stream: BinaryIO,
    *,
    only_valid_rows: bool,
    progress: Progress | None,
    actor: User | None,
    membership: Membership | None,
    target: GiasImport | str,
    before_writing: Callable[[], None] | None,
) -> ImportResult:
    check = _check(stream, progress=progress)
    if _blocked(check, only_valid_rows):
        return _result_of(check)
    if before_writing is not None:
        before_writing()
    with transaction.atomic():
        _plan(check)  # again, inside the transaction, so that it matches what is there now
        if _blocked(check, only_valid_rows):
            transaction.set_rollback(True)
            return _result_of(check)
        result = _result_of(check)
        _write(check.planned, result=result, actor=actor, membership=membership)
        result.written = True
        _audit_import(result, actor=actor, membership=membership, target=target)
    return result


def _result_of(check: CheckResult) -> ImportResult:
    return ImportResult(
        file_errors=list(check.file_errors),
        row_errors=list(check.row_errors),
        total_rows=check.total_rows,
        skipped=check.skipped,
    )


def _write(
    planned: list[Planned],
    *,
    result: ImportResult,
    actor: User | None,
    membership: Membership | None,
) -> None:
    authority = configured_authority()
    if authority is None:  # _check has said so already
        raise RuntimeError("The configured local authority is not set up")
    districts = dict(LocalAuthority.objects.values_list("gss_code", "pk"))
    for item in planned:
        establishment = item.establishment
        record: School | Provider
        if establishment.kind is Kind.SCHOOL:
            values = _school_values(establishment, authority, districts)
            record, changed = _upsert_school(
                cast(School | None, item.existing), establishment, values
            )
        else:
            record, changed = _upsert_provider(
                cast(Provider | None, item.existing), establishment, authority
            )
        if item.existing is None:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
        if changed:
            verb = AuditEvent.Verb.CREATE if item.existing is None else AuditEvent.Verb.UPDATE
            audit_record(
                actor=actor, membership=membership, verb=verb, target=record, changes=changed
            )


def _audit_import(
    result: ImportResult,
    *,
    actor: User | None,
    membership: Membership | None,
    target: GiasImport | str,
) -> None:
    if isinstance(target, GiasImport):
        audit_record(actor=actor, membership=membership, verb=IMPORTED_VERB, target=target)
    else:
        audit_record(
            actor=actor,
            membership=membership,
            verb=IMPORTED_VERB,
            target_type="providers.giasfile",
            target_id=target[:64],
        )


def _field_name(attname: str) -> str:
    return attname.removesuffix("_id")


def _apply(record: Model, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; answer the names of the fields changed."""
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    return changed


def _save(record: Model, changed: list[str]) -> None:
    if changed:
        record.save(update_fields=[*changed, "updated_at"])


def _school_values(
    establishment: Establishment, authority: LocalAuthority, districts: dict[str, uuid.UUID]
) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": establishment.name,
        "laestab": establishment.laestab,
        "phase": School.Phase.ALL_THROUGH
        if establishment.is_all_through
        else School.Phase.SECONDARY,
        "local_authority_id": authority.pk,
        "town": establishment.town,
        "postcode": establishment.postcode,
        "is_open": establishment.is_open,
    }
    if establishment.district_code in districts:
        values["district_id"] = districts[establishment.district_code]
    return values


def _upsert_school(
    existing: School | None, establishment: Establishment, values: dict[str, Any]
) -> tuple[School, list[str]]:
    if existing is None:
        school = School.objects.create(urn=establishment.urn, **values)
        return school, sorted(["urn", *(_field_name(name) for name in values)])
    changed = _apply(existing, values)
    _save(existing, changed)
    return existing, [_field_name(name) for name in changed]


def _provider_values(establishment: Establishment, authority: LocalAuthority) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": establishment.name,
        "search_name": establishment.name.lower(),
        "registration": Provider.Registration.PRU_OR_AP_ACADEMY,
        "urn": establishment.urn,
        "local_authority_id": authority.pk,
        "is_active": establishment.is_open,
    }
    optional = {
        "ukprn": establishment.ukprn,
        "website": establishment.website,
        "phone": establishment.phone,
        "last_inspection_outcome": establishment.last_inspection_outcome,
    }
    values.update({name: value for name, value in optional.items() if value})
    if establishment.low_age is not None:
        values["min_age"] = establishment.low_age
        values["max_age"] = establishment.high_age
    if establishment.last_inspection_date is not None:
        values["inspectorate"] = Provider.Inspectorate.OFSTED
        values["last_inspection_date"] = establishment.last_inspection_date
    return values


def _key_stages(low: int | None, high: int | None) -> dict[str, bool]:
    """Key stages from the statutory age range (KS3 is ages 11 to 14, KS4 14 to 16)."""
    if low is None or high is None:
        return {}
    return {
        "key_stage_3": low <= 13 and high >= 12,
        "key_stage_4": low <= 15 and high >= 15,
        "post_16": high >= 17,
    }


def _upsert_provider(
    existing: Provider | None, establishment: Establishment, authority: LocalAuthority
) -> tuple[Provider, list[str]]:
    values = _provider_values(establishment, authority)
    if existing is None:
        provider = Provider(**values, **_key_stages(establishment.low_age, establishment.high_age))
        provider.save()
        from inclusion.providers.services.status import refresh_provider_status

        refresh_provider_status(provider=provider)  # nothing held yet: all evidence missing
        _save_site(provider, establishment, None)
        return provider, sorted(_field_name(name) for name in values if name != "search_name")
    changed = _apply(existing, values)
    _save(existing, changed)
    site = min(existing.sites.all(), key=lambda s: s.created_at, default=None)
    site_changed = _save_site(existing, establishment, site)
    names = [_field_name(name) for name in changed if name != "search_name"]
    return existing, names + (["sites"] if site_changed else [])


def _site_values(establishment: Establishment) -> dict[str, Any] | None:
    if not establishment.postcode:
        return None
    lines = [
        line
        for line in (establishment.street, establishment.locality, establishment.address_3)
        if line
    ]
    facts = lookup(establishment.postcode)
    return {
        "address_line_1": lines[0] if lines else establishment.name[:120],
        "address_line_2": ", ".join(lines[1:])[:120],
        "town": establishment.town,
        "postcode": facts.postcode if facts else establishment.postcode,
        "easting": facts.easting if facts else establishment.easting,
        "northing": facts.northing if facts else establishment.northing,
    }


def _save_site(provider: Provider, establishment: Establishment, site: ProviderSite | None) -> bool:
    """Create or update the provider's main site (its first) from the address; whether it
    changed."""
    values = _site_values(establishment)
    if values is None:
        return False
    if site is None:
        ProviderSite.objects.create(provider=provider, name="Main site", **values)
        return True
    changed = _apply(site, values)
    _save(site, changed)
    return bool(changed)


# --- The in-app upload, run in the background ------------------------------------------------


def queue_import(job_id: uuid.UUID) -> None:
    """Queue the import for the background worker (``manage.py worker``). Tests replace this
    function with one that imports at once."""
    from inclusion.providers.tasks import gias_import  # the task module imports this one

    gias_import.enqueue(str(job_id))


def _start(job_id: uuid.UUID) -> None:
    queue_import(job_id)  # looked up when called, so tests can replace it


@transaction.atomic
def gias_upload(*, actor: User, membership: Membership, upload: UploadedFile[bytes]) -> GiasImport:
    """Keep the uploaded file and queue its import once this transaction commits."""
    job = GiasImport(uploaded_by=actor, file_name=Path(upload.name or "").name[:200])
    job.file.save(f"{job.pk}.csv", upload, save=False)
    job.save()
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.CREATE,
        target=job,
        changes=["file"],
    )
    transaction.on_commit(partial(_start, job.pk))
    return job


class AlreadyDecidedError(Exception):
    """The import is no longer waiting for a decision (someone else decided first)."""


@transaction.atomic
def gias_decide(
    *, actor: User, membership: Membership, job: GiasImport, import_valid_rows: bool
) -> GiasImport:
    """After a check found errors: import only the valid rows, or cancel the import."""
    now = timezone.now()
    status = GiasImport.Status.QUEUED if import_valid_rows else GiasImport.Status.CANCELLED
    claimed = GiasImport.objects.filter(pk=job.pk, status=GiasImport.Status.NEEDS_DECISION).update(
        status=status,
        only_valid_rows=import_valid_rows,
        processed_rows=0,
        finished_at=None if import_valid_rows else now,
        updated_at=now,
    )
    if not claimed:
        raise AlreadyDecidedError
    job.refresh_from_db()
    audit_record(
        actor=actor,
        membership=membership,
        verb=AuditEvent.Verb.UPDATE,
        target=job,
        changes=["only_valid_rows", "status"],
    )
    if import_valid_rows:
        transaction.on_commit(partial(_start, job.pk))
    return job


def process_job(job_id: uuid.UUID) -> None:
    """Check and import a queued upload, keeping its row current for the job page."""
    claimed = GiasImport.objects.filter(pk=job_id, status=GiasImport.Status.QUEUED).update(
        status=GiasImport.Status.CHECKING, processed_rows=0, message="", updated_at=timezone.now()
    )
    if not claimed:  # started already, or cancelled
        return
    job = GiasImport.objects.select_related("uploaded_by").get(pk=job_id)
    try:
        result = run_import(
            job=job,
            only_valid_rows=job.only_valid_rows,
            progress=partial(_progress, job),
            before_writing=partial(_update, job, status=GiasImport.Status.IMPORTING),
        )
    except Exception:
        logger.exception("GIAS import %s failed", job.pk)
        _update(
            job,
            status=GiasImport.Status.FAILED,
            message=UNEXPECTED_FAILURE,
            finished_at=timezone.now(),
        )
        return
    _record_outcome(job, result)


def _update(job: GiasImport, **values: Any) -> None:
    for name, value in values.items():
        setattr(job, name, value)
    job.save(update_fields=[*values, "updated_at"])


def _progress(job: GiasImport, done: int, total: int) -> None:
    _update(job, processed_rows=done, total_rows=total)


def _record_outcome(job: GiasImport, result: ImportResult) -> None:
    errors = [error.as_dict() for error in result.row_errors[:MAX_STORED_ERRORS]]
    counts = {
        "total_rows": result.total_rows,
        "processed_rows": result.total_rows,
        "skipped": result.skipped,
        "errors": errors,
    }
    if result.file_errors:
        _update(
            job,
            status=GiasImport.Status.FAILED,
            message=" ".join(result.file_errors),
            finished_at=timezone.now(),
            **counts,
        )
    elif not result.written:
        _update(
            job,
            status=GiasImport.Status.NEEDS_DECISION,
            message=_problems(result),
            **counts,
        )
    else:
        _update(
            job,
            status=GiasImport.Status.DONE,
            created=result.created,
            updated=result.updated,
            unchanged=result.unchanged,
            message=result.summary(),
            finished_at=timezone.now(),
            **counts,
        )


def _problems(result: ImportResult) -> str:
    problems, rows = len(result.row_errors), result.error_rows
    return (
        f"The file has {problems:,} {'problem' if problems == 1 else 'problems'} in "
        f"{rows:,} {'row' if rows == 1 else 'rows'}. Nothing has been imported yet."
    )


# --- Reads for the pages (the import is for LA officers, county-wide) -------------------------


def gias_imports_for(*, membership: Membership | None) -> QuerySet[GiasImport]:
    if not can(membership, "providers.import_gias"):
        return GiasImport.objects.none()
    return GiasImport.objects.select_related("uploaded_by")


def access_gias_import(*, membership: Membership | None, pk: uuid.UUID) -> GiasImport:
    job = gias_imports_for(membership=membership).filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def has_stalled(job: GiasImport, now: dt.datetime) -> bool:
    """A running job whose row has not moved for ``STALE_AFTER``: its process has ended."""
    return job.status in RUNNING and job.updated_at < now - STALE_AFTER
