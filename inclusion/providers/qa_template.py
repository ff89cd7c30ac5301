"""The one shared quality assurance visit template.

It follows the four areas of the DfE's voluntary national standards for non-school alternative
provision. Item codes are stored with each judgement, so a code is never reused for a different
question: retire an item by removing it (old visits keep showing its stored code and text via
``item_text``) and add new items with new codes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    code: str
    text: str


@dataclass(frozen=True)
class Area:
    code: str
    title: str
    items: tuple[Item, ...]


AREAS: tuple[Area, ...] = (
    Area(
        "safeguarding",
        "Safeguarding and welfare",
        (
            Item("sg-dsl", "A trained designated safeguarding lead, and a deputy, are in place"),
            Item(
                "sg-dbs", "Enhanced DBS checks and a single central record are kept for all staff"
            ),
            Item("sg-policy", "A safeguarding policy follows Keeping children safe in education"),
            Item("sg-training", "Staff have up-to-date child protection training"),
            Item(
                "sg-reporting",
                "Concerns are recorded and passed to the commissioning school's DSL the same day",
            ),
            Item("sg-behaviour", "Behaviour is managed without restrictive practice or isolation"),
        ),
    ),
    Area(
        "health-safety",
        "Health and safety",
        (
            Item("hs-risk", "Risk assessments cover the site, activities and each pupil"),
            Item("hs-premises", "Premises are safe and suitable, with fire safety arrangements"),
            Item("hs-first-aid", "Trained first aiders are on site whenever pupils are"),
            Item("hs-insurance", "Public and employer's liability insurance is in force"),
            Item("hs-equipment", "Tools and equipment are safe, supervised and maintained"),
        ),
    ),
    Area(
        "admissions",
        "Admissions, support and guidance",
        (
            Item(
                "ad-information",
                "The provider receives the pupil's needs, risks and objectives before the start",
            ),
            Item(
                "ad-attendance",
                "Attendance is taken session by session and absence reported to the school "
                "the same morning",
            ),
            Item("ad-induction", "Pupils have an induction and a named key worker"),
            Item("ad-send", "Support meets pupils' special educational needs and disabilities"),
            Item(
                "ad-guidance",
                "Pupils receive careers guidance and planning for their next step",
            ),
        ),
    ),
    Area(
        "education",
        "Quality of education",
        (
            Item("ed-curriculum", "The curriculum is planned, sequenced and suited to the pupils"),
            Item("ed-english-maths", "English and mathematics are taught or supported"),
            Item("ed-staff", "Staff are qualified or experienced in what they teach"),
            Item("ed-progress", "Progress is assessed and reported to the commissioning school"),
            Item(
                "ed-qualifications",
                "Pupils work towards recognised qualifications where appropriate",
            ),
        ),
    ),
)

ITEMS: dict[str, tuple[Area, Item]] = {
    item.code: (area, item) for area in AREAS for item in area.items
}


def item_text(code: str) -> str:
    """The question for a stored item code (the code itself for a retired item)."""
    found = ITEMS.get(code)
    return found[1].text if found else code
