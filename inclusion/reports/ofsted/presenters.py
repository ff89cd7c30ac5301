"""The Ofsted evidence pack as text: one list of columns serves the page, the PDF, the CSV and
the XLSX, so the four always hold the same figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from inclusion.attendance.measures import Measures
from inclusion.reports.ofsted.selectors import OfstedPack, PackRow


def date_text(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def percent_text(measures: Measures) -> str:
    value = measures.percentage
    return f"{value}%" if value is not None else "No sessions yet"


def hours_text(hours: Decimal) -> str:
    return f"{hours.normalize():f}"


def _address(row: PackRow) -> str:
    site = row.placement.site
    parts = [site.name, site.address_line_1, site.address_line_2, site.town, site.postcode]
    return ", ".join(part for part in parts if part)


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[PackRow, dt.date], str]


COLUMNS: tuple[Column, ...] = (
    Column("Pupil", lambda r, _: r.placement.pupil.display_name),
    Column("UPN", lambda r, _: r.placement.pupil.upn),
    Column(
        "Status",
        lambda r, _: f"Ended {date_text(r.placement.end_date)}" if r.ended else "At provision now",
    ),
    Column("Category", lambda r, _: r.placement.get_category_display() or "Not recorded"),
    Column("Provider", lambda r, _: r.placement.site.provider.name),
    Column("Address", lambda r, _: _address(r)),
    Column(
        "Registration status", lambda r, _: r.placement.site.provider.get_registration_display()
    ),
    Column("URN or UKPRN", lambda r, _: r.provider_id_number or "None"),
    Column("Reason for the placement", lambda r, _: r.placement.purpose or "Not recorded"),
    Column("Start date", lambda r, _: date_text(r.placement.start_date)),
    Column("Target end date", lambda r, _: date_text(r.placement.target_end_date) or "Not set"),
    Column("Hours a week", lambda r, _: hours_text(r.hours)),
    Column("Attendance this term", lambda r, _: percent_text(r.term)),
    Column("Attendance this year", lambda r, _: percent_text(r.year)),
    Column("Last review", lambda r, _: date_text(r.last_review) or "None yet"),
    Column("Next review", lambda r, _: date_text(r.next_review) or "Not set"),
    Column(
        "Last visit",
        lambda r, _: (
            date_text(r.visits.last_visit.visited_on)
            if r.visits and r.visits.last_visit
            else "None"
        ),
    ),
    Column("Provider's QA status", lambda r, _: r.qa),
    Column("Checklist gaps", lambda r, _: "; ".join(f"{c.label}: {c.detail}" for c in r.gaps)),
)


def headings() -> list[str]:
    return [c.heading for c in COLUMNS]


def cells(row: PackRow, today: dt.date) -> list[str]:
    return [column.value(row, today) for column in COLUMNS]


def all_rows(pack: OfstedPack) -> list[list[str]]:
    """Every pupil now at provision, then those whose placement ended this year."""
    return [cells(row, pack.today) for row in [*pack.current, *pack.ended]]


def lead_text(pack: OfstedPack) -> str:
    lead = pack.ap_lead
    if lead is None:
        return "Not named"
    return f"{lead.full_name} ({lead.email})" if lead.email else lead.full_name


def school_sheet(pack: OfstedPack) -> list[list[str]]:
    """The school-level facts: the named lead, the DSLs, the counts, the dates of the pack."""
    rows = [
        ["Item", "Value"],
        ["School", pack.school.name],
        ["URN", pack.school.urn],
        ["Pack made on", date_text(pack.today)],
        ["Named lead for pupils in alternative provision", lead_text(pack)],
        [
            "Designated safeguarding leads",
            ", ".join(u.full_name for u in pack.safeguarding_leads) or "None recorded",
        ],
        ["Pupils at off-site provision now", str(len(pack.current))],
        ["Placements ended earlier this school year", str(len(pack.ended))],
        ["Checklist gaps", str(pack.gap_count)],
    ]
    rows += [[f"Pupils in category {label}", str(count)] for label, count in pack.reasons]
    return rows
