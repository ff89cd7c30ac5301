"""The vocabulary of the permission matrix (``tests/core/test_permission_matrix.py``).

Feature test packages declare their own entries (``ENTRIES``) with these helpers, and the
matrix test merges them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.conftest import PERSONAS, County

ANONYMOUS = "anonymous"
EVERYONE = (ANONYMOUS, *PERSONAS)

SIGN_IN = "redirect to sign-in"
ADMIN_LOGIN = "redirect to admin login"
Expected = int | str
KwargsFactory = Callable[[County], dict[str, Any]]

ADMIN = "admin"


@dataclass(frozen=True)
class Entry:
    expected: dict[str, Expected]
    kwargs: KwargsFactory | None = None


def statuses(
    default: Expected, anonymous: Expected = SIGN_IN, **personas: Expected
) -> dict[str, Expected]:
    unknown = set(personas) - set(PERSONAS)
    assert not unknown, unknown
    return {ANONYMOUS: anonymous} | {name: personas.get(name, default) for name in PERSONAS}


def pupil_a(county: County) -> dict[str, Any]:
    return {"pk": county.pupil_a.pk}


PUBLIC = statuses(200, anonymous=200)
SIGNED_IN = statuses(200)
PUPIL_WRITERS = {"school_a": 200, "coordinator": 200}
