"""Access helpers for views: the acting membership, and deny-by-default decorators.

A page the acting membership may not use answers 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

import rules
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from inclusion.accounts.models import Membership, User
from inclusion.accounts.selectors import membership_for

SESSION_KEY = "acting_membership_id"
MEMBERSHIP_COUNT_KEY = "membership_count"
_CACHE_ATTR = "_acting_membership"

View = TypeVar("View", bound=Callable[..., HttpResponse])


def acting_membership(request: HttpRequest) -> Membership | None:
    """The membership the signed-in user acts in for this request (cached on the request)."""
    if not hasattr(request, _CACHE_ATTR):
        user = request.user
        membership = None
        if isinstance(user, User) and user.is_authenticated:
            membership = membership_for(user=user, membership_id=request.session.get(SESSION_KEY))
        setattr(request, _CACHE_ATTR, membership)
    return cast(Membership | None, getattr(request, _CACHE_ATTR))


def can(membership: Membership | None, rule_name: str, obj: object = None) -> bool:
    """Whether the acting membership passes the named rule (``app.verb_noun``)."""
    if membership is None:
        return False
    return bool(rules.test_rule(rule_name, membership, obj))  # type: ignore[no-untyped-call]


def actor_of(request: HttpRequest) -> tuple[User, Membership]:
    """The signed-in user and the membership they act in; 404 when either is missing."""
    membership = acting_membership(request)
    if not isinstance(request.user, User) or membership is None:
        raise Http404
    return request.user, membership


def requires(rule_name: str) -> Callable[[View], View]:
    """Let the view run only when the acting membership passes the named rule; else 404."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = acting_membership(request)
            if membership is None:
                return redirect("accounts:choose_role")
            if not can(membership, rule_name):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.rule_name = rule_name  # type: ignore[attr-defined]
        return cast(View, wrapped)

    return decorator
