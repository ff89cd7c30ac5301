"""The co-ordinator's triage queue (LA officers read it): submitted referrals, oldest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from inclusion.accounts.access import actor_of, can, requires
from inclusion.core.forms import form_status
from inclusion.core.pagination import pagination_links
from inclusion.referrals.case_forms import QueueFilterForm
from inclusion.referrals.case_presenters import queue_rows
from inclusion.referrals.selectors.queue import queue_schools, triage_queue

PAGE_SIZE = 25


@require_GET
@requires("referrals.view_queue")
def referral_queue(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    form = QueueFilterForm(request.GET or None, schools=queue_schools(membership=membership))
    referrals = triage_queue(membership=membership, filters=form.filters())
    if form.errors:  # say what is wrong rather than silently ignoring the filter
        referrals = referrals.none()
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "referrals/queue/list.html",
        {
            "title": "Triage queue",
            "filter_form": form,
            "form": form if form.errors else None,
            "page": page,
            "rows": queue_rows(page.object_list),
            "pagination": pagination_links(request, page),
            "can_triage": can(membership, "referrals.triage_referral"),
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("queue/", referral_queue, name="queue"),
]
