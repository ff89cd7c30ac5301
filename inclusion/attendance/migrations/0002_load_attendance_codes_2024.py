"""Load the DfE attendance codes in force from 19 August 2024 (School Attendance (Pupil
Registration) (England) Regulations 2024) from ``inclusion/core/data/attendance-codes-2024.csv``."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path
from typing import Any

from django.db import migrations

CODES_FILE = Path(__file__).resolve().parents[2] / "core" / "data" / "attendance-codes-2024.csv"
EFFECTIVE_FROM = datetime.date(2024, 8, 19)
# The codes a provider may use on its register: present, late, and the absence reasons that
# apply at alternative provision. The school's own codes (B, D, K …) are worked out from these.
PROVIDER_CODES = {
    "/",
    "\\",
    "L",
    "C",
    "C2",
    "I",
    "J1",
    "M",
    "R",
    "G",
    "N",
    "O",
    "U",
    "Y1",
    "Y2",
    "Y7",
}


def load(apps: Any, schema_editor: Any) -> None:
    code_model = apps.get_model("attendance", "AttendanceCode")
    with CODES_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        code_model.objects.update_or_create(
            code=row["code"],
            effective_from=EFFECTIVE_FROM,
            defaults={
                "meaning": row["meaning"],
                "category": row["category"],
                "counts_as_possible": row["counts_as_possible_session"] == "yes",
                "counts_as_attendance": row["counts_as_attendance"] == "yes",
                "usable_at_provider": row["code"] in PROVIDER_CODES,
            },
        )


def unload(apps: Any, schema_editor: Any) -> None:
    apps.get_model("attendance", "AttendanceCode").objects.filter(
        effective_from=EFFECTIVE_FROM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_attendance_codes_marks_alerts")]

    operations = [migrations.RunPython(load, unload)]
