"""The public, read-only directory feed in the Open Referral UK shape (inclusion.providers.feed).

No sign-in: the feed holds only what the organisations publish about themselves.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from inclusion.providers import feed
from inclusion.providers.models import Provider


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _link(request: HttpRequest) -> feed.Link:
    def link(provider: Provider) -> str:
        return request.build_absolute_uri(reverse("providers:feed_service", args=[provider.pk]))

    return link


@login_not_required
@require_GET
def feed_services(request: HttpRequest) -> JsonResponse:
    try:
        query = feed.feed_query(request.GET)
    except feed.FeedParameterError as error:
        return _json({"error": str(error)}, status=400)
    return _json(feed.service_page(query, link=_link(request)))


@login_not_required
@require_GET
def feed_service(request: HttpRequest, pk: uuid.UUID) -> JsonResponse:
    provider = feed.listed_provider(pk)
    if provider is None:
        return _json({"error": "There is no service with this id"}, status=404)
    return _json(feed.service(provider, link=_link(request)))


urlpatterns: list[URLPattern] = [
    path("feed/services/", feed_services, name="feed_services"),
    path("feed/services/<uuid:pk>/", feed_service, name="feed_service"),
]
