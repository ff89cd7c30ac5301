"""DfE and ONS code lists, loaded from CSV files in ``core/data`` (copied from shared/reference).

The lists are data, not code: updating a list is replacing its CSV and running the tests.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str


@cache
def _rows(filename: str) -> tuple[dict[str, str], ...]:
    with (DATA_DIR / filename).open(encoding="utf-8-sig", newline="") as handle:
        return tuple(csv.DictReader(handle))


def sen_codes(list_name: str) -> tuple[Code, ...]:
    """``list_name`` is ``provision`` (E/K/N) or ``need_type`` (SEMH, ASD …)."""
    return tuple(
        Code(row["code"], row["meaning"])
        for row in _rows("sen-codes.csv")
        if row["list"] == list_name
    )


def sen_provision_choices() -> list[tuple[str, str]]:
    return [(c.code, c.meaning) for c in sen_codes("provision")]


def need_type_choices() -> list[tuple[str, str]]:
    return [(c.code, c.meaning) for c in sen_codes("need_type")]


def local_authority_rows() -> tuple[dict[str, str], ...]:
    return _rows("local-authorities.csv")
