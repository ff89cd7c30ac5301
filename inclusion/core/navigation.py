"""Navigation items for the signed-in role (a presenter: display only)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from inclusion.accounts.access import can
from inclusion.accounts.models import Membership


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


_ITEMS: tuple[tuple[str, str, str | None], ...] = (
    ("Home", "core:home", None),
    ("Pupils", "pupils:list", "pupils.view_pupil"),
    ("Referrals", "referrals:list", "referrals.view_referral"),
    ("Forums", "forums:list", "forums.view_forums"),
    ("Placements", "placements:list", "placements.view_placement_list"),
    ("Placements", "placements:provider_pupils", "placements.view_provider_pupils"),
    ("Register", "attendance:register", "attendance.mark_register"),
    ("Providers", "providers:list", "providers.view_directory"),
    ("Reports", "reports:partnership", "reports.view_partnership_report"),
    ("Audit", "audit:list", "audit.view_audit"),
)


def nav_items(*, membership: Membership | None, path: str) -> list[NavItem]:
    if membership is None:
        return []
    items = []
    for label, url_name, rule in _ITEMS:
        if rule is not None and not can(membership, rule):
            continue
        url = reverse(url_name)
        active = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(label, url, active))
    return items
