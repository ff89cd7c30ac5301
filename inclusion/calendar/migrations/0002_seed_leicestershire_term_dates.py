"""Leicestershire's term dates, half terms and INSET days for 2025 to 2026, 2026 to 2027 and
2027 to 2028, so every school-day clock works from the first day.

These are plausible dates in the usual English pattern, NOT copied from the council's published
list: an LA officer must check them against Leicestershire's published term dates and correct
them on the school calendar page (see docs/calendar.md). Each school year has 195 term days of
which 5 are INSET days, leaving 190 school days.

Running the seed twice adds nothing; reversing it removes only the rows it added.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import migrations

LEICESTERSHIRE = "855"
D = dt.date

# (academic year, name, first day, last day)
TERMS: list[tuple[int, str, dt.date, dt.date]] = [
    (2025, "Autumn term", D(2025, 9, 1), D(2025, 12, 19)),
    (2025, "Spring term", D(2026, 1, 5), D(2026, 3, 27)),
    (2025, "Summer term", D(2026, 4, 13), D(2026, 7, 20)),
    (2026, "Autumn term", D(2026, 9, 1), D(2026, 12, 18)),
    (2026, "Spring term", D(2027, 1, 4), D(2027, 3, 25)),
    (2026, "Summer term", D(2027, 4, 12), D(2027, 7, 21)),
    (2027, "Autumn term", D(2027, 9, 1), D(2027, 12, 17)),
    (2027, "Spring term", D(2028, 1, 4), D(2028, 4, 7)),
    (2027, "Summer term", D(2028, 4, 24), D(2028, 7, 20)),
]

HALF_TERM, INSET = "half_term", "inset"
INSET_NAME = "INSET day"

# (kind, name, first day, last day)
CLOSURES: list[tuple[str, str, dt.date, dt.date]] = [
    # 2025 to 2026
    (INSET, INSET_NAME, D(2025, 9, 1), D(2025, 9, 1)),
    (INSET, INSET_NAME, D(2025, 9, 2), D(2025, 9, 2)),
    (INSET, INSET_NAME, D(2025, 10, 24), D(2025, 10, 24)),
    (HALF_TERM, "October half term", D(2025, 10, 27), D(2025, 10, 31)),
    (INSET, INSET_NAME, D(2026, 1, 5), D(2026, 1, 5)),
    (HALF_TERM, "February half term", D(2026, 2, 16), D(2026, 2, 20)),
    (HALF_TERM, "May half term", D(2026, 5, 25), D(2026, 5, 29)),
    (INSET, INSET_NAME, D(2026, 7, 20), D(2026, 7, 20)),
    # 2026 to 2027
    (INSET, INSET_NAME, D(2026, 9, 1), D(2026, 9, 1)),
    (INSET, INSET_NAME, D(2026, 9, 2), D(2026, 9, 2)),
    (INSET, INSET_NAME, D(2026, 10, 23), D(2026, 10, 23)),
    (HALF_TERM, "October half term", D(2026, 10, 26), D(2026, 10, 30)),
    (INSET, INSET_NAME, D(2027, 1, 4), D(2027, 1, 4)),
    (HALF_TERM, "February half term", D(2027, 2, 15), D(2027, 2, 19)),
    (HALF_TERM, "May half term", D(2027, 5, 31), D(2027, 6, 4)),
    (INSET, INSET_NAME, D(2027, 7, 21), D(2027, 7, 21)),
    # 2027 to 2028
    (INSET, INSET_NAME, D(2027, 9, 1), D(2027, 9, 1)),
    (INSET, INSET_NAME, D(2027, 9, 2), D(2027, 9, 2)),
    (INSET, INSET_NAME, D(2027, 10, 22), D(2027, 10, 22)),
    (HALF_TERM, "October half term", D(2027, 10, 25), D(2027, 10, 29)),
    (INSET, INSET_NAME, D(2028, 1, 4), D(2028, 1, 4)),
    (HALF_TERM, "February half term", D(2028, 2, 14), D(2028, 2, 18)),
    (HALF_TERM, "May half term", D(2028, 5, 29), D(2028, 6, 2)),
    (INSET, INSET_NAME, D(2028, 7, 20), D(2028, 7, 20)),
]


def _authority(apps: Any) -> Any:
    local_authority = apps.get_model("organisations", "LocalAuthority")
    return local_authority.objects.filter(dfe_code=LEICESTERSHIRE).first()


def seed(apps: Any, schema_editor: Any) -> None:
    authority = _authority(apps)
    if authority is None:
        return
    term_model = apps.get_model("calendar", "Term")
    closure_model = apps.get_model("calendar", "Closure")
    for year, name, starts_on, ends_on in TERMS:
        term_model.objects.get_or_create(
            local_authority=authority,
            starts_on=starts_on,
            defaults={"academic_year": year, "name": name, "ends_on": ends_on},
        )
    for kind, name, starts_on, ends_on in CLOSURES:
        closure_model.objects.get_or_create(
            local_authority=authority,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            defaults={"name": name},
        )


def unseed(apps: Any, schema_editor: Any) -> None:
    authority = _authority(apps)
    if authority is None:
        return
    term_model = apps.get_model("calendar", "Term")
    closure_model = apps.get_model("calendar", "Closure")
    for kind, name, starts_on, ends_on in CLOSURES:
        closure_model.objects.filter(
            local_authority=authority, kind=kind, name=name, starts_on=starts_on, ends_on=ends_on
        ).delete()
    for year, name, starts_on, ends_on in TERMS:
        term_model.objects.filter(
            local_authority=authority,
            academic_year=year,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("calendar", "0001_terms_and_closures"),
        ("organisations", "0002_load_local_authorities"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
