"""Loading the exclusion reason codes (``exclusion-reasons.csv``) and the seeded routing, for the
data migration (and its test). Model classes are passed in: the migration's historical models."""

from __future__ import annotations

import datetime as dt
from typing import Any

from inclusion.core.reference import _rows

REASONS_FILE = "exclusion-reasons.csv"
# Codes "added from 2024" are in force from the 2024 to 2025 school year.
ADDED_2024_FROM = dt.date(2024, 8, 1)
ROUTED_DISTRICT_GSS = "E07000134"  # North West Leicestershire
ROUTED_TEAM = "County Inclusion Team"


def reason_values(row: dict[str, str]) -> dict[str, Any]:
    note = row["note"].strip()
    return {
        "meaning": row["meaning"].strip(),
        "note": note,
        "valid_from": ADDED_2024_FROM if "added from 2024" in note else None,
        # "check": not selectable until a service administrator confirms it.
        "confirmed": "check" not in note.lower(),
    }


def load_reasons(reason_model: Any) -> int:
    """Add the codes not already there; returns how many were added."""
    added = 0
    for row in _rows(REASONS_FILE):
        _, created = reason_model.objects.get_or_create(
            code=row["code"].strip(), defaults=reason_values(row)
        )
        added += int(created)
    return added


def seed_routing(routing_model: Any, authority_model: Any) -> bool:
    """North West Leicestershire → the County Inclusion Team, if the district exists."""
    district = authority_model.objects.filter(gss_code=ROUTED_DISTRICT_GSS).first()
    if district is None:
        return False
    _, created = routing_model.objects.get_or_create(
        district=district, defaults={"team_name": ROUTED_TEAM}
    )
    return bool(created)


def unload(reason_model: Any, routing_model: Any) -> None:
    codes = [row["code"].strip() for row in _rows(REASONS_FILE)]
    reason_model.objects.filter(code__in=codes).delete()
    routing_model.objects.filter(
        district__gss_code=ROUTED_DISTRICT_GSS, team_name=ROUTED_TEAM
    ).delete()
