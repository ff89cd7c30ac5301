"""Hostile input to every form (issue 9): each page of the permission matrix is opened as every
persona that may see it, each form on it is read from the HTML, and Hypothesis sends it random
and hostile values. No request may fail with a 500, a refused form may write nothing, and no
payload may come back as markup. A form the suite cannot fill fails its page's test, so a new
form is covered the day it appears."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from hypothesis import given, settings

from tests.conftest import County
from tests.core.test_permission_matrix import MATRIX, _url
from tests.hostile.conftest import PROFILE, UPLOAD_LIMIT
from tests.hostile.discovery import Form, page_forms
from tests.hostile.exercise import (
    IMPORT_PAGES,
    attempt,
    check_response,
    fuzzable,
    signed_in,
    submissions,
)

# Forms the suite does not send hostile input to, and why.
EXCLUDED = {
    # Signing out ends the client's session for every later example; the form has no field
    # but the CSRF token. tests/accounts covers it.
    "accounts:sign_out": "ends the session; only a CSRF token",
}

PAGES = sorted(name for name, entry in MATRIX.items() if 200 in entry.expected.values())


def foreign_ids(county: County) -> list[str]:
    """Ids of records a form may be sent although it never offered them."""
    records: list[Any] = [
        county.pupil_a,
        county.pupil_b,
        county.pupil_c_looked_after,
        county.school_c,
        county.other_partnership,
        county.provider,
        county.la,
        *county.memberships.values(),
    ]
    return [str(record.pk) for record in records]


def examples(form: Form) -> int:
    """Fewer examples for a search or filter (GET) form, and for a form with nothing to fill
    in but a button."""
    if not fuzzable(form):
        return 2
    if form.method == "get":
        return max(PROFILE.max_examples // 2, 1)
    return PROFILE.max_examples


def exercise(client: Client, form: Form, who: str, foreign: list[str]) -> None:
    @settings(PROFILE, max_examples=examples(form))
    @given(data=submissions(form, foreign, UPLOAD_LIMIT))
    def hostile(data: dict[str, Any]) -> None:
        attempt(client, form, data, who)

    hostile()


def test_every_page_with_a_form_is_in_the_matrix():
    assert len(PAGES) > 100, PAGES
    assert set(EXCLUDED) <= set(MATRIX), "EXCLUDED names a URL that no longer exists"


@pytest.mark.parametrize("page_name", PAGES)
def test_forms_on_the_page_survive_hostile_input(page_name, county):
    entry = MATRIX[page_name]
    foreign = foreign_ids(county)
    done: set[Any] = set()
    for persona in [p for p, status in entry.expected.items() if status == 200]:
        client = signed_in(county, persona)
        url = _url(page_name, entry, county)
        page = client.get(url)
        check_response(page, f"GET {url} as {persona}")
        assert page.status_code == 200, (url, persona, page.status_code)
        if not str(page.get("Content-Type", "")).startswith("text/html"):
            continue
        for form in page_forms(url, page.content.decode()):
            assert not form.unknown, f"{url} as {persona}: cannot fill {form.unknown}"
            assert not form.url_name.startswith("<unresolved"), f"{url}: {form.action}"
            if any(field.kind == "file" for field in form.fields.values()):
                assert page_name in IMPORT_PAGES, (
                    f"{url} has a file input: add it to IMPORT_PAGES (tests/hostile/exercise.py)"
                )
            if form.url_name in EXCLUDED or form.signature() in done:
                continue
            done.add(form.signature())
            exercise(client, form, f"{persona} ({page_name})", foreign)
