"""Home, public information pages and the raw page the benchmark compares against."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from inclusion.accounts.access import acting_membership
from inclusion.core.selectors import home_summary


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/start.html", {"title": "Keep pupils at risk in education"})
    membership = acting_membership(request)
    if membership is None:
        return redirect("accounts:choose_role")
    return render(
        request,
        "core/home.html",
        {
            "title": "Home",
            "summary": home_summary(membership=membership, today=timezone.localdate()),
        },
    )


def _public_page(template: str, title: str) -> Callable[[HttpRequest], HttpResponse]:
    """A page of information anyone may read, signed in or not."""

    @login_not_required
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template, {"title": title})

    view.__name__ = template.rsplit("/", 1)[-1].removesuffix(".html")
    return view


accessibility = _public_page("core/accessibility.html", "Accessibility statement")
privacy = _public_page("core/privacy.html", "Privacy notice")
cookies = _public_page("core/cookies.html", "Cookies")


@login_not_required
@require_GET
def raw(request: HttpRequest) -> HttpResponse:
    """A trivial response: the benchmark's baseline, and a health check for the load balancer."""
    return HttpResponse("ok", content_type="text/plain")
