"""Error pages in the GOV.UK frame."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/404.html", {"title": "Page not found"}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the failure may be in them.
    return HttpResponse(render_to_string("core/500.html"), status=500)
