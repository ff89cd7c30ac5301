"""Attendance alerts: the list for school staff and co-ordinators (open alerts first, then
those acknowledged in the last 30 days) and acknowledging one with the action taken."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.attendance.forms.alerts import AcknowledgeForm
from inclusion.attendance.presenters import alerts as present
from inclusion.attendance.selectors import alerts as select
from inclusion.attendance.services import alerts as services
from inclusion.core.forms import form_status
from inclusion.core.pagination import pagination_links

PAGE_SIZE = 50
ALREADY_ACKNOWLEDGED = "That alert has already been acknowledged"


@require_GET
@requires("attendance.acknowledge_alert")
def alert_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    now = timezone.now()
    alerts = select.alert_list(membership=membership, now=now)
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "attendance/alerts/list.html",
        {
            "title": "Attendance alerts",
            "page": page,
            "sections": present.sections(page.object_list, today=timezone.localdate()),
            "pagination": pagination_links(request, page),
            "shown_for_days": select.ACKNOWLEDGED_SHOWN_FOR_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("attendance.acknowledge_alert")
def alert_acknowledge(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    alert = select.access_alert(membership=membership, pk=pk)
    if alert.acknowledged_at is not None:
        messages.info(request, ALREADY_ACKNOWLEDGED)
        return redirect("attendance:alerts")
    posted = request.method == "POST"
    form = AcknowledgeForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            services.alert_acknowledge(
                actor=user,
                membership=membership,
                alert=alert,
                action_taken=form.cleaned_data["action_taken"],
            )
            messages.success(request, "The alert has been acknowledged")
        except services.AlertAlreadyAcknowledgedError:
            messages.info(request, ALREADY_ACKNOWLEDGED)
        return redirect("attendance:alerts")
    return render(
        request,
        "attendance/alerts/acknowledge.html",
        {
            "title": "Acknowledge an attendance alert",
            "form": form,
            "row": present.alert_row(alert, today=timezone.localdate()),
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("alerts/", alert_list, name="alerts"),
    path("alerts/<uuid:pk>/acknowledge/", alert_acknowledge, name="alert_acknowledge"),
]
