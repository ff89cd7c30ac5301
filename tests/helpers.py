"""Small assertions and builders shared by the test modules (fixtures stay in conftest.py)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from inclusion.core.concurrency import VERSION_FIELD
from inclusion.pupils.validation import academic_year_start, build_upn


def content(response: HttpResponseBase) -> str:
    assert isinstance(response, HttpResponse), type(response)
    return response.content.decode()


def on_page(response: HttpResponseBase, text: str) -> bool:
    """Whether ``text`` appears on the page as the template would render it (HTML-escaped)."""
    return escape(text) in content(response)


def page_title(response: HttpResponseBase) -> str:
    html = content(response)
    start = html.index("<title>") + len("<title>")
    return html[start : html.index("</title>")].strip()


def assert_govuk_error(response: HttpResponseBase, message: str) -> None:
    """A GOV.UK error page: status 400, 'Error:' title, error summary and the exact message."""
    assert response.status_code == 400, response.status_code
    assert page_title(response).startswith("Error:"), page_title(response)
    assert "There is a problem" in content(response)
    assert on_page(response, message), f"{message!r} not on the page"


def edit_version(client: Any, url: str) -> dict[str, str]:
    """Open an edit page as a browser would; the version of the record it carries, to post back
    with the form (a save without it is refused: see inclusion.core.concurrency)."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    found = re.search(rf'name="{VERSION_FIELD}" value="([^"]*)"', content(response))
    assert found, f"{url} carries no version"
    return {VERSION_FIELD: found.group(1)}


def is_redirect_to_sign_in(response: HttpResponseBase) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and location.startswith(reverse("accounts:sign_in"))


def plausible_date_of_birth() -> dt.date:
    """A date of birth of a Year 9 pupil, whatever today's date is."""
    anchor = academic_year_start(timezone.localdate())
    return dt.date(anchor.year - 13, 10, 15)


def date_parts(name: str, value: dt.date | None) -> dict[str, str]:
    if value is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def permanent_upn(serial: int, *, establishment: str = "7001", year: int = 19) -> str:
    return build_upn(la_code="855", establishment=establishment, year=year, serial=serial)


def pupil_form_data(*, school: Any, upn: str = "", **overrides: str) -> dict[str, str]:
    """A valid POST for the pupil form; ``overrides`` replace single fields."""
    data = {
        "upn": upn or permanent_upn(1),
        "legal_first_name": "Zainab",
        "legal_last_name": "Quartermaine",
        "preferred_first_name": "",
        "preferred_last_name": "",
        **date_parts("date_of_birth", plausible_date_of_birth()),
        "sex": "F",
        "nc_year": "9",
        "school": str(school.pk),
        "address_line_1": "12 Test Street",
        "address_line_2": "",
        "town": "Hinckley",
        "postcode": "LE10 1AA",
        "sen_provision": "K",
        "primary_need": "SEMH",
        "secondary_need": "SPLD",
        "looked_after": "no",
        "care_la": "",
        "consent_to_share": "given",
    }
    data.update(overrides)
    return data
