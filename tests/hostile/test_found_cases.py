"""What the hostile-input suite found, kept as plain regression tests: each was a 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import County, client_for
from tests.factories import PASSWORD
from tests.two_factor import authenticator_for, next_code

# A ``next`` address with a line break passes Django's host check but cannot go in a
# Location header (BadHeaderError).
BROKEN_NEXT = ["0\n", "/pupils/\r\nSet-Cookie: x=1", "/pupils/\x00", "/pupils/\t"]


def _no_error(client: Client) -> Client:
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("target", BROKEN_NEXT)
def test_new_recovery_codes_with_a_broken_next_address(target, county: County):
    client = _no_error(client_for(county.memberships["school_a"]))
    response = client.post(reverse("accounts:recovery_codes"), {"next": target})
    assert response.status_code == 302, response.status_code
    assert "\n" not in response["Location"]


@pytest.mark.parametrize("target", BROKEN_NEXT)
def test_signing_in_with_a_broken_next_address(target, county: County):
    user = county.memberships["coordinator"].user
    device = authenticator_for(user.email)
    client: Any = _no_error(Client())
    response = client.post(
        reverse("accounts:sign_in"), {"email": user.email, "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302, response.status_code
    response = client.post(
        reverse("accounts:two_factor"), {"code": next_code(device), "next": target}
    )
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("pupils:list") or response["Location"].startswith("/")


def test_markup_saved_in_free_text_is_shown_escaped(county: County):
    """The suite's check for unescaped markup is not vacuous: a script saved in a plan's
    baseline is accepted, and the plan page shows it as text."""
    from django.utils.html import escape

    from tests.core.test_permission_matrix import MATRIX, _url
    from tests.hostile.discovery import post_forms
    from tests.hostile.payloads import UNESCAPED, markup

    entry = MATRIX["placements:plan_edit"]
    client = _no_error(client_for(county.memberships["coordinator"]))
    url = _url("placements:plan_edit", entry, county)
    forms = post_forms(url, client.get(url).content.decode())
    (form,) = [f for f in forms if f.url_name == "placements:plan_edit"]
    payload = markup(4321)[0]
    response = client.post(form.action, form.defaults() | {"baseline_attainment": payload})
    assert response.status_code == 302, response.status_code
    plan = client.get(response["Location"]).content.decode()
    assert escape(payload) in plan
    assert not UNESCAPED.search(plan)
