"""Validation rules for pupil data, with GOV.UK error wording."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.gb import upn as stdnum_upn

from inclusion.core.templatetags.govuk import govuk_date

# UK postcode: outward code then inward code (BS 7666), e.g. LE1 6ZG, LE65 2AB, B1 1AA.
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")

# Youngest and oldest plausible ages of a secondary-school pupil on 31 August before the
# academic year starts: Year 7 pupils are 11 on that date; allow a year either side, and
# sixth form (Year 13) pupils up to 18 with one year's grace.
YOUNGEST_AGE = 10
OLDEST_AGE = 19


def normalise_upn(value: str) -> tuple[str, bool]:
    """Validate a UPN; return it compacted and whether it is a temporary UPN."""
    try:
        upn = stdnum_upn.validate(value)
    except InvalidLength:
        raise ValidationError("UPN must be 13 characters", code="length") from None
    except InvalidChecksum:
        raise ValidationError(
            "Enter a UPN with the correct check letter: the first letter does not match the "
            "other 12 characters",
            code="checksum",
        ) from None
    except InvalidComponent:
        raise ValidationError(
            "Enter a UPN whose characters 2 to 4 are a real local authority code", code="la"
        ) from None
    except StdnumError:
        raise ValidationError(
            "Enter a UPN in the correct format, like A801200005001", code="format"
        ) from None
    return upn, not upn[-1].isdigit()


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", value).upper()
    match = _POSTCODE.match(compact)
    if not match:
        raise ValidationError("Enter a real postcode, like LE3 8RF", code="postcode")
    return f"{match.group(1)} {match.group(2)}"


def academic_year_start(today: dt.date) -> dt.date:
    year = today.year if today.month >= 9 else today.year - 1
    return dt.date(year, 8, 31)


def check_secondary_date_of_birth(value: dt.date, *, today: dt.date) -> None:
    if value >= today:
        raise ValidationError("Date of birth must be in the past", code="future")
    anchor = academic_year_start(today)
    earliest = dt.date(anchor.year - OLDEST_AGE - 1, 9, 1)
    latest = dt.date(anchor.year - YOUNGEST_AGE, 8, 31)
    if not earliest <= value <= latest:
        raise ValidationError(
            f"Date of birth must be between {govuk_date(earliest)} and {govuk_date(latest)} "
            "for a pupil of secondary school age",
            code="implausible",
        )


def build_upn(*, la_code: str, establishment: str, year: int, serial: int) -> str:
    """A permanent UPN (DfE format: check letter, LA, establishment, year, serial)."""
    body = f"{la_code}{establishment}{year % 100:02d}{serial:03d}"
    return stdnum_upn.calc_check_digit(body) + body
