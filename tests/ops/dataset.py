"""Data for the backup round trips, run in a separate process against a real database.

``python -m tests.ops.dataset create|change|snapshot`` with ``DATABASE_URL`` and
``UPLOADS_DIR`` set: ``create`` builds a small fictional county with an uploaded evidence file,
``change`` changes and deletes some of it (rows and files), ``snapshot`` prints, as JSON, the rows
of every model and a few values, and the uploaded files with their checksums.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inclusion.settings")
    import django

    django.setup()


def create() -> None:
    from django.core.files.base import ContentFile

    from inclusion.accounts.models import Role
    from tests.factories import (
        EvidenceFactory,
        MembershipFactory,
        PartnershipFactory,
        ProviderFactory,
        PupilFactory,
        SchoolFactory,
    )

    partnership = PartnershipFactory.create(name="Roundtrip Partnership")
    schools = [
        SchoolFactory.create(name=name, partnership=partnership)
        for name in ("Brookvale Academy", "Fernhill School")
    ]
    for n, surname in enumerate(("Osei", "Hart", "Nowak", "Patel", "Evans")):
        PupilFactory.create(school=schools[n % 2], legal_last_name=surname)
    MembershipFactory.create(role=Role.SCHOOL_STAFF, school=schools[0])
    provider = ProviderFactory.create(name="Skills Barn")
    evidence = EvidenceFactory.create(provider=provider)
    evidence.file.save("dbs-check.pdf", ContentFile(b"%PDF-1.4 fictional evidence\n"))


def change() -> None:
    from inclusion.organisations.models import School
    from inclusion.providers.models import ComplianceEvidence
    from inclusion.pupils.models import Pupil
    from tests.factories import SchoolFactory

    Pupil.objects.filter(legal_last_name="Osei").update(legal_last_name="Changed")
    Pupil.objects.filter(legal_last_name="Nowak").delete()
    School.objects.filter(name="Fernhill School").update(name="Renamed School")
    SchoolFactory.create(name="Added After The Backup", urn="199999", laestab="8559999")
    for evidence in ComplianceEvidence.objects.exclude(file=""):
        evidence.file.delete(save=True)
    uploads = Path(os.environ["UPLOADS_DIR"])
    (uploads / "added-after-the-backup.txt").write_text("not in the backup\n")


def snapshot() -> dict[str, Any]:
    from django.apps import apps
    from django.conf import settings
    from django.db import connection

    from inclusion.organisations.models import School
    from inclusion.pupils.models import Pupil

    uploads = Path(settings.MEDIA_ROOT)
    tables = set(connection.introspection.table_names())
    return {
        "rows": {
            model._meta.label: model._default_manager.count()
            for model in apps.get_models()
            if model._meta.db_table in tables
        },
        "pupils": sorted(Pupil.objects.values_list("upn", "legal_last_name", "school__name")),
        "schools": sorted(School.objects.values_list("name", flat=True)),
        "uploads": {
            str(path.relative_to(uploads)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(uploads.rglob("*"))
            if path.is_file()
        },
    }


if __name__ == "__main__":
    setup()
    action = sys.argv[1]
    if action == "create":
        create()
    elif action == "change":
        change()
    elif action == "snapshot":
        print(json.dumps(snapshot(), default=list))
    else:
        raise SystemExit(f"Unknown action {action!r}: create, change or snapshot.")
