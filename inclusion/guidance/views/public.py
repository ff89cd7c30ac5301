"""Public advice pages (no sign-in): each partnership's contacts and forthcoming Inclusion Forum
dates, the guidance pages and the list of external support services."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from inclusion.forums.selectors.public import forthcoming_public_meetings
from inclusion.guidance import selectors
from inclusion.guidance.markdown import render_markdown
from inclusion.guidance.presenters import (
    partnership_summaries,
    public_meetings,
    services_by_category,
)
from inclusion.pupils.tiers import tier_names


@login_not_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    meetings = forthcoming_public_meetings(today=timezone.localdate())
    return render(
        request,
        "guidance/public/index.html",
        {
            "title": "Advice for schools and families",
            "pages": list(selectors.published_pages()),
            "partnerships": partnership_summaries(selectors.public_partnerships(), meetings),
        },
    )


@login_not_required
@require_GET
def partnership(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    found = selectors.public_partnership(pk=pk)
    meetings = forthcoming_public_meetings(partnership=found, today=timezone.localdate())
    return render(
        request,
        "guidance/public/partnership.html",
        {
            "title": found.name,
            "partnership": found,
            "meetings": public_meetings(meetings),
            "tiers": tier_names(partnership_id=found.pk),
        },
    )


@login_not_required
@require_GET
def services(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "guidance/public/services.html",
        {
            "title": "Support services",
            "groups": services_by_category(selectors.active_services()),
        },
    )


@login_not_required
@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.published_page(slug=slug)
    return render(
        request,
        "guidance/public/page.html",
        {"title": found.title, "page": found, "body": render_markdown(found.body)},
    )


# The page pattern matches any slug, so the guidance URLs list it last (see ``urls.py``).
urlpatterns: list[URLPattern] = [
    path("", index, name="index"),
    path("services/", services, name="services"),
    path("partnerships/<uuid:pk>/", partnership, name="partnership"),
    path("<slug:slug>/", page, name="page"),
]
