"""Where a pupil lives, from the home postcode, worked out offline (issue 4, part 5).

The ONS postcode directory (``inclusion.organisations.postcodes``) gives the lower-tier local
authority of a postcode. The authority responsible for the pupil's education is the upper tier
(the county for a district, or the unitary authority itself), found first in our own
``LocalAuthority`` table (the home county's districts hang under it) and then in the 2021 list
of English and Welsh authorities shipped in ``qlacref_authorities``. Authorities created since
2021 are not in that list: they are named by their code, clearly, rather than guessed.

The result is one of the ``Routing`` choices:

- ``HOME``: the upper tier is the service's home authority (``SERVICE_HOME_LA_CODE``);
- ``CITY``: the pupil lives in Leicester City (the common cross-border case);
- ``OUT_OF_COUNTY``: any other authority, with its name;
- ``UNKNOWN``: no postcode, a malformed one, or one the directory does not place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import qlacref_authorities
from django.conf import settings

from inclusion.organisations.models import LocalAuthority
from inclusion.organisations.postcodes import lookup, normalise
from inclusion.referrals.models import Routing

# Leicester City Council: pupils with a City address have support transferred from the City.
CITY_GSS = getattr(settings, "SERVICE_CITY_LA_GSS", "E06000016")

GSS_PATTERN = re.compile(r"^[EWSN]\d{8}$")


@dataclass(frozen=True)
class RoutingResult:
    routing: str
    gss: str = ""
    name: str = ""
    authority: LocalAuthority | None = None
    message: str = ""

    @property
    def is_known(self) -> bool:
        return self.routing != Routing.UNKNOWN


def unknown_message(postcode: str) -> str:
    """What the case says when the postcode does not give a local authority."""
    cleaned = (postcode or "").strip()
    if not cleaned:
        return (
            "No home postcode is recorded for the pupil: a co-ordinator can confirm the "
            "local authority"
        )
    shaped = normalise(cleaned)
    if shaped is None:
        return (
            f"{cleaned.upper()} is not a real postcode, so we could not find the local "
            "authority: a co-ordinator can confirm it"
        )
    return (
        f"We could not find the local authority for postcode {shaped}: "
        "a co-ordinator can confirm it"
    )


@cache
def _authorities_2021() -> dict[str, tuple[str, str]]:
    """Lower-tier GSS code → (upper-tier GSS code, upper-tier name), from the 2021 list."""
    return {
        row["LTLA21CD"]: (row["UTLA21CD"], row["UTLA21NM"]) for row in qlacref_authorities.records
    }


def home_authority() -> LocalAuthority | None:
    return LocalAuthority.objects.filter(dfe_code=settings.SERVICE_HOME_LA_CODE).first()


def _routing_for(upper_gss: str) -> str:
    home = home_authority()
    if home is not None and upper_gss == home.gss_code:
        return Routing.HOME
    if upper_gss == CITY_GSS:
        return Routing.CITY
    return Routing.OUT_OF_COUNTY


def routing_for_authority(authority: LocalAuthority) -> RoutingResult:
    """The routing for an authority chosen from our table (a district counts as its county)."""
    top = authority.parent or authority
    return RoutingResult(_routing_for(top.gss_code), top.gss_code, top.name, top)


def routing_for_other(name: str) -> RoutingResult:
    """An authority not in our table, named by hand: always out of county."""
    return RoutingResult(Routing.OUT_OF_COUNTY, "", name.strip(), None)


def routing_for_code(lower_gss: str) -> RoutingResult:
    """The routing for a lower-tier GSS code from the postcode directory."""
    known = LocalAuthority.objects.select_related("parent").filter(gss_code=lower_gss).first()
    if known is not None:
        return routing_for_authority(known)
    upper_gss, upper_name = _authorities_2021().get(
        lower_gss,
        (lower_gss, f"Local authority {lower_gss} (not in the 2021 list of authority names)"),
    )
    authority = LocalAuthority.objects.filter(gss_code=upper_gss).first()
    if authority is not None:
        upper_name = authority.name
    return RoutingResult(_routing_for(upper_gss), upper_gss, upper_name, authority)


def resolve_postcode(postcode: str) -> RoutingResult:
    """The routing for a home postcode; ``UNKNOWN`` with a message when it gives no authority."""
    shaped = normalise(postcode or "")
    facts = lookup(shaped) if shaped is not None else None
    if facts is None or not GSS_PATTERN.match(facts.la_code):
        return RoutingResult(Routing.UNKNOWN, message=unknown_message(postcode))
    return routing_for_code(facts.la_code)
