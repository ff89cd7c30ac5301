"""Everything held about one pupil, for a subject access request: every row of every model
related to the pupil (see :mod:`inclusion.privacy.graph`), the audit events about the pupil,
and uploaded files by name only. Keys are stable (sorted), dates ISO 8601, and records are
grouped by record type (``app.model``) with a count."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone

from inclusion.audit.models import AuditEvent
from inclusion.privacy.graph import PupilRecords, pupil_record_types
from inclusion.pupils.models import Pupil

AUDIT_LABEL = "audit.auditevent"
FORMAT_VERSION = 1


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    return value


def _row(obj: models.Model, many: dict[str, list[str]]) -> dict[str, Any]:
    """A row's every column: a foreign key as the related id, a file as its name only."""
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if isinstance(field, models.FileField):
            row[field.name] = getattr(obj, field.attname).name or ""
        else:
            row[field.name] = _value(getattr(obj, field.attname))
    row.update(many)
    return dict(sorted(row.items()))


def _many_to_many(records: list[models.Model]) -> dict[Any, dict[str, list[str]]]:
    """For each row, its many-to-many choices as sorted lists of ids (a query per field)."""
    found: dict[Any, dict[str, list[str]]] = {obj.pk: {} for obj in records}
    if not records:
        return found
    for field in records[0]._meta.many_to_many:
        through = getattr(type(records[0]), field.name).through
        source = field.m2m_field_name()
        target = field.m2m_reverse_field_name()
        for obj in records:
            found[obj.pk][field.name] = []
        pairs = through.objects.filter(**{f"{source}__in": [obj.pk for obj in records]})
        for source_id, target_id in pairs.values_list(f"{source}_id", f"{target}_id"):
            found[source_id][field.name].append(str(target_id))
        for choices in found.values():
            choices.get(field.name, []).sort()
    return found


def _records(kind: PupilRecords, pupil: Pupil) -> list[dict[str, Any]]:
    manager = kind.model._default_manager
    # A subquery rather than DISTINCT: the routes join, and DISTINCT would compare every column.
    matching = manager.filter(kind.of(pupil)).values("pk")
    rows = list(manager.filter(pk__in=matching).order_by("pk"))
    many = _many_to_many(rows)
    return [_row(obj, many[obj.pk]) for obj in rows]


def audit_events_about(pupil: Pupil) -> Q:
    return Q(pupil_id=pupil.pk) | Q(target_id=str(pupil.pk))


def subject_access_data(*, pupil: Pupil, now: dt.datetime | None = None) -> dict[str, Any]:
    """The export as plain data (what the JSON file holds and the PDF shows)."""
    groups: dict[str, dict[str, Any]] = {}
    for kind in pupil_record_types():
        records = _records(kind, pupil)
        groups[kind.label] = {
            "name": str(kind.model._meta.verbose_name_plural),
            "count": len(records),
            "records": records,
        }
    events = AuditEvent.objects.filter(audit_events_about(pupil)).order_by("at", "id")
    audit = [_row(event, {}) for event in events]
    groups[AUDIT_LABEL] = {"name": "audit events", "count": len(audit), "records": audit}
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": _value(now or timezone.now()),
        "pupil_id": str(pupil.pk),
        "record_types": dict(sorted(groups.items())),
        "total_records": sum(group["count"] for group in groups.values()),
    }
