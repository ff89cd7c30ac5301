"""Load local authorities from the ONS/DfE code list (core/data/local-authorities.csv)."""

from __future__ import annotations

from typing import Any

from inclusion.core.reference import local_authority_rows

_KIND = {"county": "county", "unitary": "unitary"}


def load_local_authorities(local_authority_model: Any) -> int:
    """Create or update every authority in the list; districts hang under their county.

    Takes the model class so that a data migration can pass its historical model.
    """
    rows = local_authority_rows()
    by_gss: dict[str, Any] = {}
    for row in rows:
        kind = _KIND.get(row["kind"], "district")
        authority, _ = local_authority_model.objects.update_or_create(
            gss_code=row["gss_code"],
            defaults={"name": row["name"], "dfe_code": row["dfe_la_code"] or None, "kind": kind},
        )
        by_gss[row["gss_code"]] = authority
    counties = {a.name: a for a in by_gss.values() if a.kind == "county"}
    for row in rows:
        if row["kind"].startswith("district in "):
            county = counties.get(row["kind"].removeprefix("district in "))
            district = by_gss[row["gss_code"]]
            if county is not None and district.parent_id != county.pk:
                district.parent = county
                district.save(update_fields=["parent"])
    return len(rows)
