from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from inclusion.accounts.access import MEMBERSHIP_COUNT_KEY, acting_membership
from inclusion.accounts.models import User
from inclusion.core.navigation import nav_items


def service(request: HttpRequest) -> dict[str, Any]:
    membership = acting_membership(request)
    user = getattr(request, "user", None)
    signed_in = isinstance(user, User) and user.is_authenticated
    return {
        "service_name": settings.SERVICE_NAME,
        "service_phase": settings.SERVICE_PHASE,
        "acting_membership": membership,
        "signed_in": signed_in,
        "nav_items": nav_items(membership=membership, path=request.path),
        "can_change_role": signed_in and request.session.get(MEMBERSHIP_COUNT_KEY, 0) > 1,
    }
