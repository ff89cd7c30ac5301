"""Draft e-mails for each step of a Fair Access case.

The service does not send these: it fills in a draft with the case's details for the user to copy
into their own e-mail. Each partnership may change the wording of each step (``EmailTemplate``);
otherwise the default below is used. Placeholders are written ``{name}``; an unknown one is left
as it is, so a typing mistake shows in the draft rather than breaking the page.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from inclusion.fairaccess.models import Step

PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("reference", "the case reference, like FA-1A2B3C4D"),
    ("child_name", "the child's legal name"),
    ("date_of_birth", "the child's date of birth"),
    ("year_group", "the child's year group, like Year 9"),
    ("category", "the Fair Access category"),
    ("partnership", "the partnership's name"),
    ("panel_date", "the date of the panel meeting"),
    ("allocated_school", "the allocated school"),
    ("due_date", "the last day to allocate a place (20 school days)"),
    ("offer_date", "the offer date"),
    ("start_date", "the start date"),
)
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Draft:
    subject: str
    body: str


DEFAULTS: dict[str, Draft] = {
    Step.INTAKE: Draft(
        "Fair Access case {reference}: referral received",
        "Dear colleague,\n\nWe have opened Fair Access case {reference} for {child_name} "
        "(born {date_of_birth}, {year_group}) under the {partnership}'s Fair Access Protocol.\n\n"
        "A place must be allocated by {due_date}. We will let you know the date of the panel "
        "meeting.\n\nKind regards",
    ),
    Step.EVIDENCE: Draft(
        "Fair Access case {reference}: evidence for the category",
        "Dear colleague,\n\nFair Access case {reference} for {child_name} is in this category: "
        "{category}.\n\nPlease send us the evidence for it (for example a letter from the "
        "social worker or the referring service) so the panel can consider the case.\n\n"
        "Kind regards",
    ),
    Step.ATTEMPTS: Draft(
        "Fair Access case {reference}: in-year applications",
        "Dear colleague,\n\nThe Fair Access Protocol applies only when the ordinary in-year "
        "admissions route has failed. Please confirm which schools you applied to for "
        "{child_name}, when, and what each said.\n\nKind regards",
    ),
    Step.PANEL: Draft(
        "Fair Access case {reference}: panel meeting on {panel_date}",
        "Dear colleague,\n\nFair Access case {reference} ({year_group}) is on the agenda of the "
        "{partnership}'s Fair Access panel on {panel_date}.\n\nKind regards",
    ),
    Step.DECISION: Draft(
        "Fair Access case {reference}: place allocated at {allocated_school}",
        "Dear colleague,\n\nThe Fair Access panel has allocated a place at {allocated_school} "
        "to {child_name} (born {date_of_birth}, {year_group}).\n\nPlease make the offer and "
        "agree a start date with the family.\n\nKind regards",
    ),
    Step.OFFER: Draft(
        "Fair Access case {reference}: offer of a place at {allocated_school}",
        "Dear parent or carer,\n\n{allocated_school} offers {child_name} a place in "
        "{year_group} from {start_date}. This offer was made on {offer_date}.\n\nKind regards",
    ),
    Step.START: Draft(
        "Fair Access case {reference}: started at {allocated_school}",
        "Dear colleague,\n\n{child_name} started at {allocated_school} on {start_date}. "
        "Fair Access case {reference} is now complete.\n\nKind regards",
    ),
}


def fill(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each known ``{placeholder}`` replaced by its value."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_placeholders(text: str) -> list[str]:
    """The ``{names}`` in ``text`` that are not placeholders, for the template form's check."""
    known = {name for name, _ in PLACEHOLDERS}
    return sorted({m.group(1) for m in _PLACEHOLDER.finditer(text)} - known)
