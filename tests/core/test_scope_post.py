"""Writes out of scope (issue 9 part 8): every matrix URL POSTed by every persona who may not use
it, with an empty body and with the body the page's own form would send, is refused exactly as
the GET is (404, sign-in, admin login), never a 200, a success redirect or a 500, and writes no
row in any table.

The list comes from the MATRIX: a persona "may not use" a URL when its GET answers 404, 403 or
a sign-in redirect. A URL every persona GETs as 405 is POST-only; who may POST to it is below.
A GET-only URL is posted to too: a refused persona must be refused whatever the method.
"""

from __future__ import annotations

from typing import Any

from django.test import Client

from inclusion.exclusions.models import Exclusion
from inclusion.pupils.models import Pupil
from tests.conftest import PERSONAS, County
from tests.core.scope import (
    changed,
    client_as,
    entry,
    matrix_urls,
    outcome,
    plausible_posts,
    row_counts,
)
from tests.core.test_permission_matrix import MATRIX
from tests.exclusions.factories import exclusion
from tests.factories import PupilFactory
from tests.matrix import ADMIN_LOGIN, EVERYONE, SIGN_IN, Expected

REFUSED: set[Expected] = {403, 404, SIGN_IN, ADMIN_LOGIN}

# POST-only URLs (every persona's GET is 405): who may use them, and the body their button sends.
POST_ONLY: dict[str, tuple[set[str], dict[str, str]]] = {
    "accounts:sign_out": (set(EVERYONE), {}),
    "notifications:read_all": (set(PERSONAS), {}),
    "referrals:submit": ({"school_a", "coordinator"}, {"answer": "Fictional answer"}),
    "forums:agenda_move": ({"coordinator", "la_officer"}, {"direction": "up"}),
    "providers:gias_decide": ({"la_officer"}, {"decision": "import_valid"}),
}


def _post_only(name: str) -> bool:
    expected = set(MATRIX[name].expected.values())
    return (expected <= {405, SIGN_IN} and 405 in expected) or name == "providers:gias_decide"


def may_not_use(name: str, persona: str) -> bool:
    expected = entry(name).expected[persona]
    if name in POST_ONLY:
        return persona not in POST_ONLY[name][0] and expected in REFUSED | {405}
    return expected in REFUSED


def _user_of(name: str) -> str | None:
    """A persona whose GET of ``name`` is 200: their page's form is the plausible body."""
    return next((p for p in PERSONAS if entry(name).expected[p] == 200), None)


def bodies(name: str, url: str, county: County, clients: dict[str, Client]) -> list[dict[str, Any]]:
    """An empty body, and what the page's form (as someone who may use it sees it) would send."""
    found: list[dict[str, Any]] = [{}]
    if name in POST_ONLY:
        found.append(POST_ONLY[name][1])
        return found
    user = _user_of(name)
    if user is None:
        return found
    if user not in clients:
        clients[user] = client_as(user, county)
    response = clients[user].get(url)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        found.extend(plausible_posts(response.content.decode(), url))
    return found


def test_post_only_urls_are_classified():
    """Every URL that everyone GETs as 405 has its users named above (and no stale names)."""
    assert {name for name in MATRIX if _post_only(name)} == set(POST_ONLY)


def test_forms_are_found_on_the_pages(county):
    """The plausible bodies are real: the pupil edit form yields the pupil's fields."""
    urls = matrix_urls(county)
    posts = bodies("pupils:edit", urls["pupils:edit"], county, {})
    assert len(posts) >= 2
    assert "legal_first_name" in posts[1]
    assert posts[1]["legal_first_name"] == [county.pupil_a.legal_first_name]
    # What the form would send is a valid change for someone who may make it.
    response = client_as("school_a", county).post(urls["pupils:edit"], posts[1])
    assert response.status_code == 302, response.content.decode()[:2000]


def test_refused_posts_write_nothing(county):
    """One test for every persona: the pages' forms are read once (as someone who may use
    each), then each persona who may not posts to each URL, empty and filled in."""
    urls = matrix_urls(county)
    users: dict[str, Client] = {}
    posts = {name: bodies(name, url, county, users) for name, url in urls.items()}
    problems: list[str] = []
    for persona in EVERYONE:
        problems += refusals(persona, urls, posts, client_as(persona, county))
    assert not problems, "\n".join(problems)


def refusals(
    persona: str, urls: dict[str, str], posts: dict[str, list[dict[str, Any]]], client: Client
) -> list[str]:
    problems: list[str] = []
    tried = 0
    for name, url in urls.items():
        if not may_not_use(name, persona):
            continue
        expected = entry(name).expected[persona]
        wanted = REFUSED | {405} if expected == 405 else {expected, 405}
        for body in posts[name]:
            before = row_counts()
            got = outcome(client.post(url, body))
            after = row_counts()
            tried += 1
            where = f"{persona} {name} {url} {sorted(body)}"
            if got not in wanted:
                problems.append(f"{where}: expected {expected!r}, got {got!r}")
            if changes := changed(before, after):
                problems.append(f"{where} wrote rows: {changes}")
    if not tried:
        problems.append(f"{persona} may use every URL?")
    return problems


def test_row_counts_see_every_kind_of_write(county):
    """The snapshot notices a new row, a many-to-many link and a deletion."""
    pupils = Pupil._meta.db_table
    before = row_counts()
    made = exclusion(county.pupil_a, recorded_by=county.memberships["school_a"].user)
    links = made.reasons.through._meta.db_table
    assert {Exclusion._meta.db_table, links} <= set(changed(before, row_counts()))
    before = row_counts()
    PupilFactory.create(school=county.school_a)
    assert changed(before, row_counts()) == {pupils: (before[pupils], before[pupils] + 1)}
