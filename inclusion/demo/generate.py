"""A fictional county under Leicestershire (LA 855) for the demo and the benchmark.

Everything is generated from a fixed seed: the same arguments give the same county. No name,
number or address belongs to a real child; schools, providers and people are invented.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils.text import slugify

from inclusion.accounts.models import Membership, Role, User
from inclusion.core.reference import need_type_choices
from inclusion.organisations.models import Agency, LocalAuthority, Partnership, School
from inclusion.organisations.postcodes import postcodes_in
from inclusion.providers.models import Provider
from inclusion.pupils.models import ConsentToShare, Contact, Pupil, PupilNeed
from inclusion.pupils.services import search_name_for
from inclusion.pupils.validation import build_upn

DEMO_PASSWORD = "demo-password-2026"
DEMO_DOMAIN = "demo.inclusion.example"
DEMO_SEED = 2026
DEMO_PUPILS = 800
DEMO_SCHOOLS = 55
DEMO_PROVIDERS = 40
HOME_LA_CODE = "855"
ACADEMIC_YEAR = 2026  # pupils' years and ages are those of the 2026/27 academic year
MIN_SCHOOLS = 10  # two secondary schools in each of the five partnerships
BATCH_SIZE = 500
URN_RANGE = (960000, 989999)  # well clear of GIAS's issued URNs, so imports never clash


@dataclass(frozen=True)
class Area:
    partnership: str
    districts: tuple[str, ...]
    description: str


AREAS = (
    Area(
        "Hinckley and Bosworth Inclusion Partnership",
        ("Hinckley and Bosworth",),
        "Hinckley, Burbage, Earl Shilton, Barwell, Groby and Market Bosworth",
    ),
    Area(
        "Charnwood Inclusion Partnership",
        ("Charnwood",),
        "Loughborough, Shepshed, Syston, Birstall and the Soar valley",
    ),
    Area(
        "North West Leicestershire Inclusion Partnership",
        ("North West Leicestershire",),
        "Coalville, Ashby-de-la-Zouch, Ibstock and Whitwick",
    ),
    Area(
        "Melton and Harborough Inclusion Partnership",
        ("Melton", "Harborough"),
        "Melton Mowbray, Market Harborough, Lutterworth and the villages",
    ),
    Area(
        "Blaby, Oadby and Wigston Inclusion Partnership",
        ("Blaby", "Oadby and Wigston"),
        "Blaby, Enderby, Narborough, Braunstone Town, Oadby and Wigston",
    ),
)

# Towns in each district with their LE postcode district.
TOWNS: dict[str, tuple[tuple[str, str], ...]] = {
    "Blaby": (
        ("Blaby", "LE8"),
        ("Enderby", "LE19"),
        ("Narborough", "LE19"),
        ("Whetstone", "LE8"),
        ("Braunstone Town", "LE3"),
        ("Glenfield", "LE3"),
        ("Countesthorpe", "LE8"),
        ("Kirby Muxloe", "LE9"),
    ),
    "Charnwood": (
        ("Loughborough", "LE11"),
        ("Shepshed", "LE12"),
        ("Syston", "LE7"),
        ("Birstall", "LE4"),
        ("Anstey", "LE7"),
        ("Quorn", "LE12"),
        ("Sileby", "LE12"),
        ("Mountsorrel", "LE12"),
    ),
    "Harborough": (
        ("Market Harborough", "LE16"),
        ("Lutterworth", "LE17"),
        ("Broughton Astley", "LE9"),
        ("Kibworth", "LE8"),
        ("Fleckney", "LE8"),
    ),
    "Hinckley and Bosworth": (
        ("Hinckley", "LE10"),
        ("Burbage", "LE10"),
        ("Earl Shilton", "LE9"),
        ("Barwell", "LE9"),
        ("Groby", "LE6"),
        ("Desford", "LE9"),
        ("Ratby", "LE6"),
    ),
    "Melton": (("Melton Mowbray", "LE13"), ("Asfordby", "LE14"), ("Long Clawson", "LE14")),
    "North West Leicestershire": (
        ("Coalville", "LE67"),
        ("Ashby-de-la-Zouch", "LE65"),
        ("Ibstock", "LE67"),
        ("Whitwick", "LE67"),
        ("Thringstone", "LE67"),
    ),
    "Oadby and Wigston": (("Oadby", "LE2"), ("Wigston", "LE18"), ("South Wigston", "LE18")),
}
CITY_POSTCODES = ("LE1", "LE2", "LE3", "LE4", "LE5")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


FEMALE = _words(
    "Olivia Amelia Isla Ava Ivy Freya Lily Florence Mia Willow Rosie Sophia Isabella Grace "
    "Daisy Sienna Poppy Elsie Emily Ella Evie Phoebe Ruby Chloe Jessica Holly Amber Megan "
    "Lucy Aisha Fatima Maryam Zara Amira Hafsa Priya Anaya Riya Simran Jasmine Leah Maya "
    "Nia Imani Zainab Hannah Zofia Maja Julia Chiamaka Ama Esme Layla Nadia Tia Keira "
    "Bethany Niamh Erin Caitlin Kiran Yasmin Mei"
)
MALE = _words(
    "Oliver George Noah Arthur Harry Leo Muhammad Jack Charlie Oscar Jacob Henry Thomas "
    "Freddie Alfie Theo William Archie Joshua Alexander James Isaac Edward Lucas Tommy "
    "Finley Max Logan Ethan Mason Riley Kai Tyler Callum Connor Liam Jayden Reuben Dylan "
    "Adam Yusuf Ibrahim Omar Ayaan Arjun Rohan Dev Aarav Kabir Harvey Kacper Jakub Filip "
    "Kwame Kofi Tobi Chidi Samuel Daniel Ryan Kieran Jordan Lewis Ben Zak Hamza"
)
# Surname and weight: Smith and Patel are common in the county, as the search benchmark needs.
SURNAMES: tuple[tuple[str, int], ...] = (
    *((name, 6) for name in ("Smith", "Patel")),
    *((name, 4) for name in ("Jones", "Taylor", "Brown", "Williams", "Mistry")),
    *(
        (name, 2)
        for name in _words(
            "Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Khan "
            "Ali Ahmed Hussain Singh Chauhan Parmar Clarke Hughes Green Hall Wood Jackson"
        )
    ),
    *(
        (name, 1)
        for name in _words(
            "Roberts Edwards Hill Moore Turner Cooper Harris Ward Martin King Baker "
            "Harrison Morris Lee Allen Mitchell Solanki Lad Mehta Shah Sandhu Gill Bains Nowak "
            "Kowalski Wójcik Okafor Mensah Adeyemi Osei Boateng Mohamed Abdi Farah Murphy O'Connor "
            "Kelly Campbell Stewart Reid Lewis Jenkins Price Bennett Carter Phillips Shaw Holmes "
            "Lloyd Mills Marshall Pearson Knight Gibson Webb Rose Hunt Palmer Chapman Fox Barnes "
            "Chen Nguyen Kaczmarek Begović Hart"
        )
    ),
)
SURNAME_NAMES = tuple(name for name, _ in SURNAMES)
SURNAME_WEIGHTS = tuple(weight for _, weight in SURNAMES)
PREFERRED = {
    "Alexander": "Alex",
    "Thomas": "Tom",
    "William": "Will",
    "Samuel": "Sam",
    "Daniel": "Dan",
    "Isabella": "Bella",
    "Jessica": "Jess",
    "Muhammad": "Mo",
    "Joshua": "Josh",
    "Florence": "Flo",
}
STREETS = _words(
    "Station Road|Church Lane|Main Street|Park Road|Victoria Street|Meadow Close|Orchard Way|"
    "Willow Drive|Beech Avenue|Mill Lane|Holly Close|Forest Road|Linden Grove|Brook Street|"
    "Chapel Street|Hawthorn Way|Kingfisher Close|Elm Grove|Spinney Road|Granby Street|"
    "Canal Side|Quarry Lane|Fosse Way|Cherry Tree Avenue|Oak Crescent",
    "|",
)
SCHOOL_STEMS = _words(
    "Brookvale Fernhill Oakmere Ashgrove Kingsmead Hollybank Beaumont Castlefields Greenacres "
    "Highcross Larkfield Meadowbank Millbrook Northfield Redhill Riverside Rowan Sandfield "
    "Southfields Thornbury Westbrook Willowdene Woodside Elmtree Foxcote Hazelwood Kestrel "
    "Linwood Mayfield Newbridge Oakwood Pinewood Queensway Ravenhurst Stoneygate Sycamore "
    "Wheatcroft Wolds Windmill Soar"
)
SUFFIXES: dict[str, tuple[str, ...]] = {
    School.Phase.SECONDARY: ("Academy", "College", "High School", "Community College"),
    School.Phase.ALL_THROUGH: ("All-through Academy", "School"),
    School.Phase.SPECIAL: ("Specialist School", "School"),
}
PROVIDER_WORDS = _words(
    "Skills|Horizons|Pathways|Forge|Bright Futures|Second Chance|Open Door|Fresh Start|"
    "Green Lane|Harbour|Anchor|Compass|Lighthouse|Stepping Stones|Ironworks|Oak Tree|"
    "Phoenix|Kickstart|New Leaf|Riverside",
    "|",
)
PROVIDER_KINDS = _words(
    "Learning Centre|Farm|Outreach|Motor Project|Tuition|Academy|Boxing Club|Workshop|"
    "Equine Centre|Hub|Kitchen|Studio",
    "|",
)
REGISTRATION_WEIGHTS = {
    Provider.Registration.UNREGISTERED: 40,
    Provider.Registration.INDEPENDENT_SCHOOL: 25,
    Provider.Registration.FURTHER_EDUCATION: 15,
    Provider.Registration.PRU_OR_AP_ACADEMY: 10,
    Provider.Registration.ONLINE: 10,
}
AGENCIES = (
    ("Leicestershire Early Help (demo)", Agency.Kind.EARLY_HELP),
    ("Leicestershire Children's Social Care (demo)", Agency.Kind.SOCIAL_CARE),
    ("County CAMHS Schools Team (demo)", Agency.Kind.CAMHS),
    ("County Educational Psychology Service (demo)", Agency.Kind.EDUCATIONAL_PSYCHOLOGY),
    ("County Youth Justice Service (demo)", Agency.Kind.YOUTH_JUSTICE),
    ("County School Nursing (demo)", Agency.Kind.SCHOOL_NURSE),
)
YEAR_WEIGHTS = {7: 15, 8: 18, 9: 20, 10: 22, 11: 19, 12: 4, 13: 2}
NEED_WEIGHTS = {"SEMH": 38, "ASD": 16, "SLCN": 12, "MLD": 11, "SPLD": 10, "OTH": 3, "PD": 2}
CARE_LA_WEIGHTS = {"855": 75, "856": 17, "857": 8}
T = TypeVar("T")
# Relationship to the pupil, how often it is the first contact, and parental responsibility.
RELATIONSHIPS = {"Mother": 55, "Father": 30, "Grandmother": 7, "Step-father": 4, "Aunt": 4}
WITH_RESPONSIBILITY = ("Mother", "Father")
MALE_RELATIONSHIPS = ("Father", "Step-father")
# The service administrator manages these in /admin/; never pupil records (DESIGN.md section 2).
ADMIN_APPS = ("organisations", "providers", "accounts")


@dataclass(frozen=True)
class CountySummary:
    """Rows of each kind in the demo county after a build."""

    created: bool
    partnerships: int
    schools: int
    providers: int
    agencies: int
    pupils: int
    needs: int
    contacts: int
    users: int


@dataclass(frozen=True)
class CountySize:
    pupils: int
    schools: int
    providers: int


def demo_county_size(scale: float = 1.0) -> CountySize:
    """The demo county (about 800 pupils at scale 1), with schools and providers in step."""
    if scale <= 0:
        raise ValueError("The scale must be greater than 0.")
    return CountySize(
        pupils=max(50, round(DEMO_PUPILS * scale)),
        schools=max(MIN_SCHOOLS, round(DEMO_SCHOOLS * scale)),
        providers=max(5, round(DEMO_PROVIDERS * scale)),
    )


def demo_email(local_part: str) -> str:
    return f"{local_part}@{DEMO_DOMAIN}"


def home_authority() -> LocalAuthority:
    return LocalAuthority.objects.get(dfe_code=HOME_LA_CODE)


# --- organisations -------------------------------------------------------------------------


def _unique(taken: set[str], make: Callable[[int], str], attempts: int = 200) -> str:
    for attempt in range(attempts):
        candidate = make(attempt)
        if candidate not in taken:
            taken.add(candidate)
            return candidate
    raise RuntimeError("Ran out of fictional names: ask for fewer organisations.")


def _postcode(rng: random.Random, district: str) -> str:
    """A real postcode of the outward code (from the ONS directory), so distances and routing
    work in the demo; an invented one if the directory has none."""
    real = _real_postcodes(district)
    if real:
        return rng.choice(real)
    letters = rng.choice(INWARD_LETTERS) + rng.choice(INWARD_LETTERS)
    return f"{district} {rng.randint(1, 9)}{letters}"


@cache
def _real_postcodes(district: str) -> tuple[str, ...]:
    return tuple(postcodes_in(district))


def _create_partnerships(la: LocalAuthority) -> list[Partnership]:
    partnerships = [
        Partnership(name=area.partnership, local_authority=la, area=area.description)
        for area in AREAS
    ]
    return Partnership.objects.bulk_create(partnerships)


def _school_phases(rng: random.Random, count: int) -> list[str]:
    """Secondary first (two per partnership, for the personas), then a shuffled mix."""
    special, all_through = count // 18, count // 25
    phase = School.Phase
    rest = [phase.SPECIAL.value] * special + [phase.ALL_THROUGH.value] * all_through
    rest += [phase.SECONDARY.value] * (count - MIN_SCHOOLS - len(rest))
    rng.shuffle(rest)
    return [phase.SECONDARY.value] * MIN_SCHOOLS + rest


def _school_name(rng: random.Random, taken: set[str], phase: str, town: str) -> str:
    def make(attempt: int) -> str:
        suffix = rng.choice(SUFFIXES[phase])
        if attempt < 10:
            stem = town if rng.random() < 0.25 else rng.choice(SCHOOL_STEMS)
            return f"{stem} {suffix}"
        return f"{rng.choice(SCHOOL_STEMS)} {suffix}, {town}"

    return _unique(taken, make)


def _free_sample(rng: random.Random, numbers: range, taken: set[str], count: int) -> list[int]:
    """``count`` numbers from the range that no existing record uses."""
    return rng.sample([n for n in numbers if str(n) not in taken], count)


def _establishment_numbers(rng: random.Random, phases: Sequence[str]) -> list[str]:
    """DfE numbering: 4000-5999 for secondary schools and academies, 7000-7999 for special."""
    laestabs = School.objects.filter(laestab__startswith=HOME_LA_CODE).values_list("laestab")
    taken = {laestab[3:] for (laestab,) in laestabs}
    specials = sum(1 for phase in phases if phase == School.Phase.SPECIAL)
    mainstream = iter(_free_sample(rng, range(4000, 6000), taken, len(phases) - specials))
    special = iter(_free_sample(rng, range(7000, 8000), taken, specials))
    return [str(next(special if p == School.Phase.SPECIAL else mainstream)) for p in phases]


def _urns_in_use() -> set[str]:
    schools = School.objects.values_list("urn", flat=True)
    return set(schools) | set(Provider.objects.exclude(urn="").values_list("urn", flat=True))


def _create_schools(
    rng: random.Random, la: LocalAuthority, partnerships: list[Partnership], count: int
) -> list[School]:
    districts = {d.name: d for d in LocalAuthority.objects.filter(parent=la)}
    phases = _school_phases(rng, count)
    numbers = _establishment_numbers(rng, phases)
    urns = _free_sample(rng, range(URN_RANGE[0], URN_RANGE[1] + 1), _urns_in_use(), count)
    taken: set[str] = set()
    schools = []
    for index, phase in enumerate(phases):
        area = AREAS[index % len(AREAS)]
        district = rng.choice(area.districts)
        town, postcode_district = rng.choice(TOWNS[district])
        schools.append(
            School(
                name=_school_name(rng, taken, phase, town),
                urn=str(urns[index]),
                laestab=f"{HOME_LA_CODE}{numbers[index]}",
                phase=phase,
                local_authority=la,
                district=districts[district],
                partnership=partnerships[index % len(AREAS)],
                town=town,
                postcode=_postcode(rng, postcode_district),
            )
        )
    return School.objects.bulk_create(schools)


def _provider_name(rng: random.Random, taken: set[str]) -> str:
    def make(attempt: int) -> str:
        name = f"{rng.choice(PROVIDER_WORDS)} {rng.choice(PROVIDER_KINDS)}"
        return name if attempt < 10 else f"{rng.choice(SCHOOL_STEMS)} {name}"

    return _unique(taken, make)


def _provider_place(
    rng: random.Random, la: LocalAuthority, city: LocalAuthority
) -> tuple[LocalAuthority, str, str]:
    """Most providers are in the county; some are in Leicester city."""
    if rng.random() < 0.8:
        town, postcode_district = rng.choice(TOWNS[rng.choice(list(TOWNS))])
        return la, town, _postcode(rng, postcode_district)
    return city, "Leicester", _postcode(rng, rng.choice(CITY_POSTCODES))


def _provider(
    rng: random.Random, taken: set[str], urn: int, places: tuple[LocalAuthority, LocalAuthority]
) -> Provider:
    kind = _pick(rng, REGISTRATION_WEIGHTS)
    with_urn = (Provider.Registration.INDEPENDENT_SCHOOL, Provider.Registration.PRU_OR_AP_ACADEMY)
    is_college = kind == Provider.Registration.FURTHER_EDUCATION
    authority, _, _ = _provider_place(rng, *places)
    return Provider(
        name=_provider_name(rng, taken),
        registration=kind,
        urn=str(urn) if kind in with_urn else "",
        ukprn=f"109{rng.randint(0, 99999):05d}" if is_college else "",
        local_authority=authority,
    )


def _create_providers(rng: random.Random, la: LocalAuthority, count: int) -> list[Provider]:
    city = LocalAuthority.objects.get(dfe_code="856")
    urns = _free_sample(rng, range(URN_RANGE[0], URN_RANGE[1] + 1), _urns_in_use(), count)
    taken: set[str] = set()
    providers = [_provider(rng, taken, urn, (la, city)) for urn in urns]
    return Provider.objects.bulk_create(providers)


def _create_agencies(la: LocalAuthority) -> None:
    Agency.objects.bulk_create(
        Agency(name=name, kind=kind, local_authority=la) for name, kind in AGENCIES
    )


# --- people --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Persona:
    key: str
    title: str
    email: str
    full_name: str


PERSONAS = (
    Persona("school_staff", "School inclusion lead", demo_email("school.staff"), "Priya Shah"),
    Persona(
        "school_staff_2",
        "School SENCo, same partnership",
        demo_email("school.staff.2"),
        "Tom Whitaker",
    ),
    Persona("coordinator", "Partnership co-ordinator", demo_email("coordinator"), "Grace Okafor"),
    Persona("chair", "Partnership chair", demo_email("chair"), "David Lowe"),
    Persona("provider_staff", "Provider staff", demo_email("provider.staff"), "Jamie Fletcher"),
    Persona(
        "virtual_school", "Virtual School officer", demo_email("virtual.school"), "Helen Marsh"
    ),
    Persona("la_officer", "Local authority officer", demo_email("la.officer"), "Sanjay Mistry"),
    Persona("governance", "Governance board member", demo_email("governance"), "Margaret Ellis"),
    Persona("service_admin", "Service administrator", demo_email("service.admin"), "Chris Doyle"),
    Persona("two_roles", "Two roles (chooses one)", demo_email("two.roles"), "Nadia Hussain"),
)

Organisation = School | Partnership | Provider | LocalAuthority


def _membership(user: User, role: str, organisation: Organisation) -> Membership:
    membership = Membership(user=user, role=role)
    if isinstance(organisation, School):
        membership.school = organisation
    elif isinstance(organisation, Partnership):
        membership.partnership = organisation
    elif isinstance(organisation, Provider):
        membership.provider = organisation
    else:
        membership.local_authority = organisation
    return membership


@dataclass(frozen=True)
class _Organisations:
    la: LocalAuthority
    partnerships: list[Partnership]
    schools: list[School]
    providers: list[Provider]

    def schools_of(self, partnership: Partnership) -> list[School]:
        return [s for s in self.schools if s.partnership_id == partnership.pk]


def _persona_roles(orgs: _Organisations) -> dict[str, list[tuple[str, Organisation]]]:
    first, second = orgs.partnerships[0], orgs.partnerships[1]
    first_schools, la = orgs.schools_of(first), orgs.la
    return {
        "school_staff": [(Role.SCHOOL_STAFF, first_schools[0])],
        "school_staff_2": [(Role.SCHOOL_STAFF, first_schools[1])],
        "coordinator": [(Role.COORDINATOR, first)],
        "chair": [(Role.CHAIR, first)],
        "provider_staff": [(Role.PROVIDER_STAFF, orgs.providers[0])],
        "virtual_school": [(Role.VIRTUAL_SCHOOL, la)],
        "la_officer": [(Role.LA_OFFICER, la)],
        "governance": [(Role.GOVERNANCE, first)],
        "service_admin": [(Role.SERVICE_ADMIN, la)],
        "two_roles": [(Role.COORDINATOR, second), (Role.SCHOOL_STAFF, orgs.schools_of(second)[0])],
    }


def _surname(rng: random.Random) -> str:
    return rng.choices(SURNAME_NAMES, SURNAME_WEIGHTS)[0]


def _pick(rng: random.Random, weights: Mapping[T, int]) -> T:
    return rng.choices(list(weights), list(weights.values()))[0]


def _adult_name(rng: random.Random) -> str:
    first = rng.choice(FEMALE if rng.random() < 0.6 else MALE)
    return f"{first} {_surname(rng)}"


def _staff_roles(
    rng: random.Random, orgs: _Organisations
) -> list[tuple[str, str, str, Organisation]]:
    """(e-mail, name, role, organisation) for everyone beyond the personas: in step with size."""
    rows: list[tuple[str, str, str, Organisation]] = []
    for partnership in orgs.partnerships[2:]:
        slug = slugify(partnership.name.removesuffix(" Inclusion Partnership"))
        email = demo_email(f"coordinator.{slug}")
        rows.append((email, _adult_name(rng), Role.COORDINATOR, partnership))
    for school in orgs.schools:
        rows.append(
            (demo_email(f"staff.{school.urn}"), _adult_name(rng), Role.SCHOOL_STAFF, school)
        )
    for number, provider in enumerate(orgs.providers, start=1):
        email = demo_email(f"provider.{number:03d}")
        rows.append((email, _adult_name(rng), Role.PROVIDER_STAFF, provider))
    return rows


def _safeguarding_leads(memberships: list[Membership]) -> None:
    """One designated safeguarding lead per school: its first member of staff (the personas
    come first, so the school staff personas get their schools' attendance alerts)."""
    led: set[object] = set()
    for membership in memberships:
        if membership.role == Role.SCHOOL_STAFF and membership.school_id not in led:
            membership.is_safeguarding_lead = True
            led.add(membership.school_id)


def _named_leads(memberships: list[Membership]) -> None:
    """Each school's safeguarding lead is also its named lead for pupils in alternative
    provision (for the Ofsted evidence pack)."""
    leads = {m.school_id: m.user for m in memberships if m.is_safeguarding_lead}
    schools = list(School.objects.filter(pk__in=list(leads)))
    for school in schools:
        school.ap_lead = leads[school.pk]
    School.objects.bulk_update(schools, ["ap_lead"], batch_size=BATCH_SIZE)


def _create_users(rng: random.Random, orgs: _Organisations) -> None:
    password = make_password(DEMO_PASSWORD)  # one hash for every demo user: hashing is slow
    users: list[User] = []
    memberships: list[Membership] = []
    roles = _persona_roles(orgs)
    for persona in PERSONAS:
        is_admin = persona.key == "service_admin"
        user = User(
            email=persona.email, full_name=persona.full_name, password=password, is_staff=is_admin
        )
        users.append(user)
        memberships += [_membership(user, role, org) for role, org in roles[persona.key]]
    for email, name, role, org in _staff_roles(rng, orgs):
        user = User(email=email, full_name=name, password=password)
        users.append(user)
        memberships.append(_membership(user, role, org))
    _safeguarding_leads(memberships)
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
    _named_leads(memberships)
    _grant_admin_permissions(next(user for user in users if user.is_staff))


def _grant_admin_permissions(user: User) -> None:
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))


# --- pupils --------------------------------------------------------------------------------


@dataclass
class _PupilContext:
    rng: random.Random
    care_las: dict[str, LocalAuthority]
    serials: Counter[tuple[str, int]]
    need_codes: tuple[str, ...]
    need_weights: tuple[int, ...]

    def pick(self, weights: Mapping[T, int]) -> T:
        return _pick(self.rng, weights)


def _need_weights() -> tuple[tuple[str, ...], tuple[int, ...]]:
    """Every need type in the code list; SEMH most common, the rare ones rarely."""
    codes = tuple(code for code, _ in need_type_choices() if code != "NSA")
    return codes, tuple(NEED_WEIGHTS.get(code, 1) for code in codes)


def _date_of_birth(rng: random.Random, nc_year: int) -> dt.date:
    """Year 7 in 2026/27 was born between 1 September 2014 and 31 August 2015, and so on."""
    start = dt.date(ACADEMIC_YEAR - 5 - nc_year, 9, 1)
    end = dt.date(ACADEMIC_YEAR - 4 - nc_year, 8, 31)
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _upn(ctx: _PupilContext, school: School, nc_year: int) -> str:
    """LA, the school's establishment number, the year the pupil started school, a serial."""
    entry_year = ACADEMIC_YEAR - nc_year
    ctx.serials[(school.laestab, entry_year)] += 1
    serial = ctx.serials[(school.laestab, entry_year)]
    if serial > 999:
        raise ValueError("More than 999 pupils in one year group of a school: add schools.")
    establishment = school.laestab[3:]
    return build_upn(
        la_code=HOME_LA_CODE, establishment=establishment, year=entry_year, serial=serial
    )


def _home(rng: random.Random, school: School) -> tuple[str, str]:
    """Town and postcode: mostly near the school, some elsewhere in the county or the city."""
    roll = rng.random()
    if roll < 0.05:
        return "Leicester", _postcode(rng, rng.choice(CITY_POSTCODES))
    district = school.district.name if school.district and roll < 0.9 else rng.choice(list(TOWNS))
    town, postcode_district = rng.choice(TOWNS[district])
    return town, _postcode(rng, postcode_district)


def _sen(ctx: _PupilContext, school: School) -> tuple[str, list[str]]:
    rng = ctx.rng
    if school.phase == School.Phase.SPECIAL:
        provision = "E" if rng.random() < 0.75 else "K"
    else:
        provision = ctx.pick({"N": 80, "K": 16, "E": 4})
    if provision == "N":
        return provision, []
    if provision == "K" and rng.random() < 0.05:
        return provision, ["NSA"]
    needs: list[str] = []
    for _ in range(rng.choice((1, 1, 2, 2, 3))):
        code = rng.choices(ctx.need_codes, ctx.need_weights)[0]
        if code not in needs:
            needs.append(code)
    return provision, needs


def _new_pupil(ctx: _PupilContext, school: School, nc_year: int) -> Pupil:
    rng = ctx.rng
    sex = "F" if rng.random() < 0.49 else "M"
    first = rng.choice(FEMALE if sex == "F" else MALE)
    town, postcode = _home(rng, school)
    looked_after = rng.random() < 0.025
    pupil = Pupil(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        upn=_upn(ctx, school, nc_year),
        legal_first_name=first,
        legal_last_name=_surname(rng),
        preferred_first_name=PREFERRED.get(first, "") if rng.random() < 0.4 else "",
        date_of_birth=_date_of_birth(rng, nc_year),
        sex=sex,
        nc_year=nc_year,
        school=school,
        address_line_1=f"{rng.randint(1, 180)} {rng.choice(STREETS)}",
        town=town,
        postcode=postcode,
        looked_after=looked_after,
        care_la=ctx.care_las[ctx.pick(CARE_LA_WEIGHTS)] if looked_after else None,
        consent_to_share=ctx.pick(
            {ConsentToShare.GIVEN: 55, ConsentToShare.NOT_ASKED: 35, ConsentToShare.REFUSED: 10}
        ),
    )
    pupil.search_name = search_name_for(pupil)
    return pupil


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def _contacts(rng: random.Random, pupil: Pupil) -> list[Contact]:
    if rng.random() < 0.4:
        return []
    relations = ["Foster carer"] if pupil.looked_after else []
    for _ in range(rng.choice((1, 2))):
        relationship = _pick(rng, RELATIONSHIPS)
        if relationship not in relations:
            relations.append(relationship)
    contacts = []
    for priority, relationship in enumerate(relations[:2], start=1):
        first = rng.choice(MALE if relationship in MALE_RELATIONSHIPS else FEMALE)
        last = pupil.legal_last_name if rng.random() < 0.8 else _surname(rng)
        contacts.append(
            Contact(
                pupil=pupil,
                name=f"{first} {last}",
                relationship=relationship,
                phone=f"07700 900{rng.randint(0, 999):03d}",  # Ofcom's numbers for drama
                email=f"{_ascii(first)}.{_ascii(last)}@example.com" if rng.random() < 0.7 else "",
                parental_responsibility=relationship in WITH_RESPONSIBILITY,
                priority=priority,
            )
        )
    return contacts


def _school_weights(rng: random.Random, schools: list[School]) -> list[float]:
    weights: dict[str, float] = {School.Phase.SPECIAL: 0.25, School.Phase.ALL_THROUGH: 1.0}
    return [weights.get(s.phase, rng.uniform(0.5, 1.5)) for s in schools]


def _create_pupils(rng: random.Random, schools: list[School], count: int) -> None:
    codes, weights = _need_weights()
    care_las = {
        la.dfe_code or "": la for la in LocalAuthority.objects.filter(dfe_code__in=CARE_LA_WEIGHTS)
    }
    ctx = _PupilContext(rng, care_las, Counter(), codes, weights)
    school_weights = _school_weights(rng, schools)
    pupils, needs, contacts = [], [], []
    for school in rng.choices(schools, school_weights, k=count):
        pupil = _new_pupil(ctx, school, ctx.pick(YEAR_WEIGHTS))
        pupil.sen_provision, codes_for_pupil = _sen(ctx, school)
        pupils.append(pupil)
        needs += [
            PupilNeed(pupil=pupil, need_type=c, rank=r) for r, c in enumerate(codes_for_pupil, 1)
        ]
        contacts += _contacts(rng, pupil)
    Pupil.objects.bulk_create(pupils, batch_size=BATCH_SIZE)
    PupilNeed.objects.bulk_create(needs, batch_size=BATCH_SIZE)
    Contact.objects.bulk_create(contacts, batch_size=BATCH_SIZE)


# --- the county ----------------------------------------------------------------------------


def county_exists() -> bool:
    return Partnership.objects.filter(
        local_authority__dfe_code=HOME_LA_CODE, name=AREAS[0].partnership
    ).exists()


def county_summary(*, created: bool) -> CountySummary:
    """Rows of each kind held for the home authority (providers: all of them)."""
    in_county = {"school__local_authority__dfe_code": HOME_LA_CODE}
    return CountySummary(
        created=created,
        partnerships=Partnership.objects.filter(local_authority__dfe_code=HOME_LA_CODE).count(),
        schools=School.objects.filter(local_authority__dfe_code=HOME_LA_CODE).count(),
        providers=Provider.objects.count(),
        agencies=Agency.objects.filter(local_authority__dfe_code=HOME_LA_CODE).count(),
        pupils=Pupil.objects.filter(**in_county).count(),
        needs=PupilNeed.objects.filter(**{f"pupil__{k}": v for k, v in in_county.items()}).count(),
        contacts=Contact.objects.filter(**{f"pupil__{k}": v for k, v in in_county.items()}).count(),
        users=User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").count(),
    )


@transaction.atomic
def build_county(
    *, pupils: int, schools: int, providers: int, seed: int = DEMO_SEED
) -> CountySummary:
    """Build the fictional county once; if it is already there, leave it as it is.

    Everything is written in one transaction, so a county is either complete or absent.
    """
    if schools < MIN_SCHOOLS or providers < 1 or pupils < 1:
        raise ValueError(f"Ask for at least {MIN_SCHOOLS} schools, 1 provider and 1 pupil.")
    if county_exists():
        return county_summary(created=False)
    rng = random.Random(seed)
    la = home_authority()
    partnerships = _create_partnerships(la)
    school_rows = _create_schools(rng, la, partnerships, schools)
    provider_rows = _create_providers(rng, la, providers)
    _create_agencies(la)
    _create_users(rng, _Organisations(la, partnerships, school_rows, provider_rows))
    _create_pupils(rng, school_rows, pupils)
    from inclusion.demo.directory import build_directory  # it builds on this module's pools

    build_directory(rng, providers=provider_rows, schools=school_rows)
    from inclusion.demo.casework import build_casework  # it builds on the people made here

    build_casework(rng, partnerships=partnerships, schools=school_rows)
    from inclusion.demo.programmes import build_programmes  # it builds on the placements made

    build_programmes(rng, partnerships=partnerships)
    from inclusion.demo.attendance import build_attendance  # marks for the active placements

    build_attendance(rng)
    from inclusion.demo.visits import build_visits  # visits to the placements made above

    build_visits(rng)
    from inclusion.demo.offers import build_attendance_offers  # on the referrals made above

    build_attendance_offers(rng)
    from inclusion.demo.moves import build_moves  # managed moves and off-site directions

    build_moves(rng)
    from inclusion.demo.exclusions import build_exclusions  # consultations and exclusions

    build_exclusions(rng)
    from inclusion.demo.fairaccess import build_fair_access  # Fair Access cases and panels

    build_fair_access(rng)
    return county_summary(created=True)
