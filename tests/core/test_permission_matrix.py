"""Every URL in the project, GET as every persona: the status each may see (DESIGN.md §5).

Adding a URL without adding it here fails ``test_matrix_covers_every_url``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import County, client_for, signed_in_client
from tests.factories import UserFactory
from tests.helpers import is_redirect_to_sign_in
from tests.matrix import (
    ADMIN,
    ADMIN_LOGIN,
    ANONYMOUS,
    EVERYONE,
    PUBLIC,
    PUPIL_WRITERS,
    SIGN_IN,
    SIGNED_IN,
    Entry,
    Expected,
    pupil_a,
    statuses,
)

TESTS_DIR = Path(__file__).resolve().parents[1]


def feature_entries() -> dict[str, Entry]:
    """The ``ENTRIES`` of every ``tests/<app>/matrix_*.py`` module: each feature declares its
    own pages beside its tests."""
    found: dict[str, Entry] = {}
    for path in sorted(TESTS_DIR.glob("*/matrix_*.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
        overlap = set(found) & set(module.ENTRIES)
        assert not overlap, f"{path} repeats {overlap}"
        found |= module.ENTRIES
    return found


MATRIX: dict[str, Entry] = {
    "core:home": Entry(PUBLIC),
    "core:accessibility": Entry(PUBLIC),
    "core:privacy": Entry(PUBLIC),
    "core:cookies": Entry(PUBLIC),
    "core:raw": Entry(PUBLIC),
    "accounts:sign_in": Entry(PUBLIC),
    "accounts:sign_out": Entry(statuses(405)),
    "accounts:signed_out": Entry(PUBLIC),
    "accounts:choose_role": Entry(SIGNED_IN),
    "accounts:account": Entry(SIGNED_IN),
    "accounts:password_reset": Entry(PUBLIC),
    "accounts:password_reset_done": Entry(PUBLIC),
    "accounts:password_reset_confirm": Entry(
        PUBLIC, lambda county: {"uidb64": "Tk9ORQ", "token": "not-a-real-token"}
    ),
    "accounts:password_reset_complete": Entry(PUBLIC),
    "pupils:list": Entry(statuses(200, governance=404, service_admin=404)),
    "pupils:create": Entry(statuses(404, school_a=200, school_b=200, coordinator=200)),
    "pupils:detail": Entry(
        statuses(404, school_a=200, coordinator=200, chair=200, la_officer=200), pupil_a
    ),
    "pupils:edit": Entry(statuses(404, **PUPIL_WRITERS), pupil_a),
    "pupils:contact_add": Entry(statuses(404, **PUPIL_WRITERS), pupil_a),
    "audit:list": Entry(statuses(404, la_officer=200)),
    # The Django admin, one entry for the whole namespace: only staff users reach it.
    ADMIN: Entry(statuses(ADMIN_LOGIN, anonymous=ADMIN_LOGIN)),
    **feature_entries(),
}


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern):
            if namespace.split(":")[0] == ADMIN:
                yield ADMIN
            elif pattern.name is None:
                yield f"<unnamed {namespace}:{pattern.pattern}>"
            else:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def project_url_names() -> set[str]:
    return set(_walk(get_resolver().url_patterns))


def test_walker_finds_namespaced_urls():
    names = project_url_names()
    assert {"core:home", "pupils:detail", "audit:list", ADMIN} <= names


def test_matrix_covers_every_url():
    names = project_url_names()
    assert sorted(names - MATRIX.keys()) == [], "URLs missing from MATRIX"
    assert sorted(MATRIX.keys() - names) == [], "stale MATRIX entries"


def test_matrix_names_every_persona_for_every_url():
    for name, entry in MATRIX.items():
        assert set(entry.expected) == set(EVERYONE), name


def _url(name: str, entry: Entry, county: County) -> str:
    if name == ADMIN:
        return reverse("admin:index")
    return reverse(name, kwargs=entry.kwargs(county) if entry.kwargs else None)


def _outcome(response: Any) -> Expected:
    if is_redirect_to_sign_in(response):
        return SIGN_IN
    if response.status_code == 302 and response["Location"].startswith(reverse("admin:login")):
        return ADMIN_LOGIN
    return int(response.status_code)


@pytest.mark.parametrize("persona", EVERYONE)
def test_get_every_url(persona, county):
    client = Client() if persona == ANONYMOUS else client_for(county.memberships[persona])
    mismatches = []
    for name, entry in sorted(MATRIX.items()):
        url = _url(name, entry, county)
        got = _outcome(client.get(url))
        if got != entry.expected[persona]:
            mismatches.append(f"{name} {url}: expected {entry.expected[persona]!r}, got {got!r}")
    assert not mismatches, "\n".join(mismatches)


def test_only_staff_users_reach_the_admin(county):
    staff = UserFactory.create(email="staff@example.org", is_staff=True)
    client = signed_in_client(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"Inclusion Partnerships administration" in response.content
    assert not any(m.user.is_staff for m in county.memberships.values())
