"""The notifications inbox: the acting membership's notifications, newest first."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from inclusion.accounts.access import actor_of, requires
from inclusion.core.pagination import pagination_links
from inclusion.notifications.selectors import (
    access_notification,
    notifications_for,
    unread_count,
    unread_ids,
)
from inclusion.notifications.services import mark_read

PAGE_SIZE = 25


@require_GET
@requires("notifications.view_notifications")
def inbox(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    page = Paginator(notifications_for(membership=membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/inbox.html",
        {
            "title": "Notifications",
            "page": page,
            "pagination": pagination_links(request, page),
            "unread": unread_count(membership=membership),
        },
    )


@require_GET
@requires("notifications.view_notifications")
def open_notification(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Mark the notification read and follow its link (only ever to this service)."""
    _, membership = actor_of(request)
    notification = access_notification(membership=membership, pk=pk)
    mark_read(membership=membership, notification_ids=[notification.pk])
    url = notification.url
    if not url.startswith("/") or not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("notifications:inbox")
    return redirect(url)


@require_POST
@requires("notifications.view_notifications")
def read_all(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    count = mark_read(membership=membership, notification_ids=unread_ids(membership=membership))
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    return redirect("notifications:inbox")


urlpatterns: list[URLPattern] = [
    path("", inbox, name="inbox"),
    path("<uuid:pk>/", open_notification, name="open"),
    path("read-all/", read_all, name="read_all"),
]
