from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from inclusion.accounts.access import actor_of, requires
from inclusion.audit.forms import AuditFilterForm
from inclusion.audit.selectors import audit_events_for
from inclusion.core.forms import form_status
from inclusion.core.pagination import pagination_links


@require_GET
@requires("audit.view_audit")
def audit_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    form = AuditFilterForm(request.GET or None)
    events = audit_events_for(membership=membership, filters=form.filters())
    if form.errors:  # say what is wrong rather than silently ignoring the filter
        events = events.none()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {
            "title": "Audit trail",
            "filter_form": form,
            "form": form if form.errors else None,
            "page": page,
            "pagination": pagination_links(request, page),
        },
        status=form_status(form),
    )
