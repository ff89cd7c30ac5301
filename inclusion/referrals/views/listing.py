"""Every referral the acting role may see, newest first: a school's own referrals (drafts
included), a partnership's for its chair and co-ordinators. Co-ordinators work the triage
queue; this is the record of everything."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core.pagination import pagination_links
from inclusion.referrals.case_presenters import queue_rows
from inclusion.referrals.selectors.queue import all_referrals

PAGE_SIZE = 25


@require_GET
@requires("referrals.view_referral")
def referral_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    page = Paginator(all_referrals(membership=membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "referrals/listing.html",
        {
            "title": "Referrals",
            "page": page,
            "rows": queue_rows(page.object_list),
            "pagination": pagination_links(request, page),
            "can_start": can(membership, "referrals.create_referral"),
            "can_see_queue": can(membership, "referrals.view_queue"),
        },
    )


urlpatterns: list[URLPattern] = [
    path("", referral_list, name="list"),
]
