"""The case page's link to a referral's attendance support plan (display only: the presenter
decides whether there is one to show)."""

from __future__ import annotations

from typing import Any

from django import template

from inclusion.accounts.models import Membership
from inclusion.offers.presenters import referral_plan_link
from inclusion.referrals.models import Referral

register = template.Library()


@register.inclusion_tag("offers/_referral_link.html")
def attendance_plan_link(referral: Referral, membership: Membership | None) -> dict[str, Any]:
    return {"link": referral_plan_link(referral, membership), "referral": referral}
