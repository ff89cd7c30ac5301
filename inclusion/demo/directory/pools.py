"""What the demo directory is made of: text, prices, odds and the shapes of placements."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from django.utils.text import slugify

from inclusion.accounts.models import User
from inclusion.demo import generate as g
from inclusion.placements.models import Placement
from inclusion.providers.models import DAY_FIELDS, EvidenceKind, Provider, ProviderContact, QaVisit

T = TypeVar("T")
Registration = Provider.Registration
Unit = Provider.PriceUnit
Kind = EvidenceKind

CITY_GSS = "E06000016"  # Leicester
# Leicestershire's districts: Blaby, Charnwood, Harborough, Hinckley and Bosworth, Melton,
# North West Leicestershire, Oadby and Wigston.
COUNTY_DISTRICT_GSS = tuple(f"E07000{code}" for code in range(129, 136))
DRAMA_PHONE = "0116 496 0{:03d}"  # Ofcom's numbers for drama: 0116 496 0000 to 0999
# Evidence states and how many of the demo's providers show each; the rest are in date.
EVIDENCE_SHARES = (("lapsed", 4), ("expiring", 5), ("incomplete", 3), ("awaiting", 2))
IN_DATE = "in_date"
QA_VISITED_SHARE = 0.7
VALID_MONTHS = {Kind.DSL_TRAINING: 24, Kind.CHILD_PROTECTION_TRAINING: 36, Kind.FIRST_AID: 36}
EVIDENCE_NOTES = {
    Kind.DBS: "Single central record seen: enhanced checks for every member of staff.",
    Kind.SINGLE_CENTRAL_RECORD: "Checked against the staff list on the day.",
    Kind.SAFEGUARDING_POLICY: "The policy names the current DSL and follows KCSIE.",
    Kind.DSL_TRAINING: "Certificates seen for the DSL and the deputy.",
    Kind.CHILD_PROTECTION_TRAINING: "Training log seen for all staff.",
    Kind.PUBLIC_LIABILITY: "Schedule seen: cover of £5 million.",
    Kind.EMPLOYERS_LIABILITY: "Certificate displayed at the main site.",
    Kind.RISK_ASSESSMENTS: "Risk assessments seen for each activity and the minibus.",
    Kind.FIRE_SAFETY: "Fire risk assessment and drill log seen.",
    Kind.FIRST_AID: "Two qualified first aiders on each site.",
    Kind.REGISTRATION: "Registration confirmed on Get Information about Schools.",
}
AWAITING_NOTE = "Renewal sent by the provider, waiting for a co-ordinator to confirm it."
# The kind of provider (the end of its name) and what it most likely offers.
KIND_OFFERS = {
    "Learning Centre": ("academic", "therapeutic-semh"),
    "Farm": ("outdoor-land-based", "animal-care"),
    "Outreach": ("therapeutic-semh", "one-to-one-tuition"),
    "Motor Project": ("motor-vehicle", "engineering"),
    "Tuition": ("one-to-one-tuition", "academic"),
    "Academy": ("academic", "sport"),
    "Boxing Club": ("sport", "therapeutic-semh"),
    "Workshop": ("construction", "engineering"),
    "Equine Centre": ("animal-care", "therapeutic-semh"),
    "Hub": ("therapeutic-semh", "work-based"),
    "Kitchen": ("catering", "work-based"),
    "Studio": ("hair-and-beauty", "academic"),
}
WHAT_IT_IS = {
    Registration.INDEPENDENT_SCHOOL: "is a registered independent school for",
    Registration.FURTHER_EDUCATION: "is a further education college with a 14 to 16 programme for",
    Registration.PRU_OR_AP_ACADEMY: "is an alternative provision academy for",
    Registration.UNREGISTERED: "is an alternative provider (not a registered school) working with",
    Registration.ONLINE: "teaches live online lessons for",
}
HOW_IT_WORKS = (
    "Groups are small, and every young person has a named key worker.",
    "Each placement starts with a visit and a plan agreed with the school and the family.",
    "We tell the commissioning school about attendance every session, by 10am and 2pm.",
    "Young people can work towards entry level and level 1 qualifications.",
    "Staff are trained in trauma-informed practice and restorative approaches.",
    "We send a short written report to the school every half term.",
)
TRANSPORT = (
    "Young people make their own way; the nearest bus stop is two minutes' walk.",
    "We collect young people from home or school in our minibus (included in the price).",
    "Transport is arranged by the commissioning school (usually a taxi).",
    "Parking for drop-off at the front of the building; a short walk from the railway station.",
)
ONLINE_TRANSPORT = "None needed: lessons are online."
# (lowest, highest, step) in pounds, and how often each unit is quoted
PRICES = {Unit.SESSION: (60, 120, 5), Unit.DAY: (110, 220, 5), Unit.WEEK: (500, 1000, 25)}
PRICE_UNIT_WEIGHTS = {Unit.SESSION: 3, Unit.DAY: 5, Unit.WEEK: 2}
LEGAL_SUFFIXES = ("Ltd", "CIC", "Community Interest Company", "Trust", "Education Ltd")
OFSTED_OUTCOMES = {"Good": 60, "Outstanding": 10, "Requires improvement": 25, "Inadequate": 5}
ISI_OUTCOMES = {"Meets the standards": 85, "Does not meet all the standards": 15}
OPENS = ((8, 30), (9, 0), (9, 15), (9, 30))  # always by 9:30 and until 14:30 or later, so
CLOSES = ((14, 30), (15, 0), (15, 30))  # the placements' sessions fit the opening hours
CONTACT_TITLES: dict[str, tuple[str, ...]] = {
    ProviderContact.Kind.MAIN: ("Centre manager", "Director", "Head of centre"),
    ProviderContact.Kind.DSL: ("Designated safeguarding lead", "Deputy manager and DSL"),
    ProviderContact.Kind.ATTENDANCE: ("Attendance officer", "Office manager", "Administrator"),
}
SITE_STREETS = ("Business Park", "Enterprise Centre", "Trading Estate", "Community Centre")
DESCRIBED_FIELDS = [
    *("legal_name", "website", "phone", "email", "description", "search_name"),
    *("key_stage_3", "key_stage_4", "min_age", "max_age", "capacity", "transport"),
    *(*DAY_FIELDS, "opens_at", "closes_at", "price", "price_unit", "weekly_price"),
    *("inspectorate", "last_inspection_date", "last_inspection_outcome"),
]
# A QA visit's quality, and the chance of each judgement on an item at that quality.
VISIT_PROFILES = {"strong": 60, "mixed": 30, "weak": 10}
JUDGEMENT_ODDS = {
    "strong": {"met": 92, "partly": 6, "not_seen": 2},
    "mixed": {"met": 72, "partly": 22, "not_met": 4, "not_seen": 2},
    "weak": {"met": 55, "partly": 28, "not_met": 17},
}
JUDGEMENT_NOTES = {
    "met": ("Seen during the visit.", "Confirmed with the manager and seen in records."),
    "partly": ("In place but not consistently recorded.", "Seen, but out of date."),
    "not_met": ("Not in place on the day of the visit.", "No record could be shown."),
    "not_seen": ("Not seen: no pupils on site during this part of the visit.",),
}
VISIT_SUMMARIES = {
    QaVisit.Rating.MEETS: "A well-run provision; pupils were engaged and staff knew them well.",
    QaVisit.Rating.PARTLY: "Good relationships with pupils; records need to be kept more closely.",
    QaVisit.Rating.DOES_NOT_MEET: "Serious gaps found; schools should not place until resolved.",
}
ACTIONS = (
    "Update the safeguarding policy to name the current DSL and deputy",
    "Send session-by-session attendance to commissioning schools by 10am",
    "Renew the fire risk assessment and record a termly drill",
    "Share each pupil's learning plan with the commissioning school",
    "Add a first aid kit to the workshop and the minibus",
    "Record the outcome of every DBS check on the single central record",
)


class Stay(StrEnum):
    """How a pupil is placed: the hours decide whether it counts for the registration test."""

    FULL_TIME = "full_time"  # Monday to Friday 9:30 to 14:00: 22.5 hours, over the 18
    LOOKED_AFTER = "looked_after"  # the same, for a looked-after pupil
    PART_TIME = "part_time"  # 2 or 3 sessions of 3 to 4.5 hours
    SCHOOL = "school"  # full time at a registered school, 9:00 to 15:00


FULL_DAY = {
    Stay.FULL_TIME: (dt.time(9, 30), dt.time(14, 0)),
    Stay.LOOKED_AFTER: (dt.time(9, 30), dt.time(14, 0)),
    Stay.SCHOOL: (dt.time(9, 0), dt.time(15, 0)),
}
PART_DAY = (
    (dt.time(9, 30), dt.time(14, 0)),
    (dt.time(9, 30), dt.time(12, 30)),
    (dt.time(10, 0), dt.time(14, 0)),
)
COUNTED = (Stay.FULL_TIME, Stay.LOOKED_AFTER)  # the registration-test groups: kept active
PLACEMENT_STATUSES = {
    Placement.Status.ACTIVE: 85,
    Placement.Status.ENDED: 8,
    Placement.Status.PROPOSED: 7,
}


@dataclass
class Build:
    """What every step of the build shares: the seeded random source, the day, the people."""

    rng: random.Random
    today: dt.date
    providers: list[Provider]
    officers: list[User] = field(default_factory=list)  # co-ordinators and LA officers
    staff: dict[uuid.UUID, User] = field(default_factory=dict)  # a provider's staff member

    def pick(self, weights: Mapping[T, int]) -> T:
        return g._pick(self.rng, weights)

    def days_ago(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, high))

    def days_ahead(self, low: int, high: int) -> dt.date:
        return self.today + dt.timedelta(days=self.rng.randint(low, high))

    def phone(self) -> str:
        return DRAMA_PHONE.format(self.rng.randint(0, 999))


def slug(provider: Provider) -> str:
    return slugify(provider.name)


def valid_days(kind: str) -> int:
    """How long evidence of ``kind`` stays valid: a year, or longer for training."""
    return round(VALID_MONTHS.get(Kind(kind), 12) * 365.25 / 12)


def share(per_demo: float, count: int) -> int:
    """``per_demo`` of the demo's providers, in proportion for a county of ``count``."""
    return max(1, round(per_demo * count / g.DEMO_PROVIDERS))
